import { AmiMessage } from '@app/ami';
import { CallEvent, CallRecord } from './index';
import { CallTracker } from './call-tracker';

const T0 = 1_800_000_000;
const TRUNK = { Channel: 'PJSIP/mts-trunk-00000021', Uniqueid: `${T0}.62`, Linkedid: `${T0}.62` };
const PHONE = { Channel: 'PJSIP/1003-00000022', Uniqueid: `${T0}.63`, Linkedid: `${T0}.62` };
const BRIDGE = 'e9fed561-ee71-4e1b-a5c7-774f649105d7';

const at = (seconds: number): string => (T0 + seconds).toFixed(6);
const event = (fields: Record<string, string>): AmiMessage => AmiMessage.of(fields);

/** An inbound call to 1003: ringing from t=0, answered at 0.5, hung up by the caller at 4. */
const beforeList = [
  event({
    Event: 'Newchannel',
    Timestamp: at(0),
    ...TRUNK,
    ChannelState: '4',
    CallerIDNum: '79161000001',
    Exten: '74951234599',
  }),
  event({ Event: 'Newchannel', Timestamp: at(0.01), ...PHONE, ChannelState: '0', CallerIDNum: '1003', Exten: 's' }),
  event({ Event: 'DialBegin', Timestamp: at(0.01), ...TRUNK, ...prefixed('Dest', PHONE), DialString: '1003' }),
  event({ Event: 'Newstate', Timestamp: at(0.02), ...PHONE, ChannelState: '5' }),
  event({ Event: 'Newstate', Timestamp: at(0.5), ...PHONE, ChannelState: '6' }),
  event({ Event: 'DialEnd', Timestamp: at(0.5), ...TRUNK, ...prefixed('Dest', PHONE), DialStatus: 'ANSWER' }),
  event({ Event: 'BridgeEnter', Timestamp: at(0.51), ...PHONE, BridgeUniqueid: BRIDGE }),
  event({ Event: 'BridgeEnter', Timestamp: at(0.51), ...TRUNK, BridgeUniqueid: BRIDGE }),
];
const afterList = [
  event({ Event: 'HangupRequest', Timestamp: at(4), ...TRUNK, Cause: '16' }),
  event({ Event: 'BridgeLeave', Timestamp: at(4), ...TRUNK, BridgeUniqueid: BRIDGE }),
  event({ Event: 'BridgeLeave', Timestamp: at(4), ...PHONE, BridgeUniqueid: BRIDGE }),
  event({ Event: 'Hangup', Timestamp: at(4), ...PHONE, Cause: '16' }),
  event({ Event: 'Hangup', Timestamp: at(4), ...TRUNK, Cause: '16' }),
];

function prefixed(prefix: string, fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${prefix}${k}`, v]));
}

/** CoreShowChannels at t=2.3 as Asterisk lists it: the answering phone first, no Timestamp, Duration in seconds. */
function listedAt2s(bridged: boolean): AmiMessage[] {
  const item = (channel: Record<string, string>, num: string, exten: string, app: string) =>
    event({
      Event: 'CoreShowChannel',
      ...channel,
      ChannelState: '6',
      ChannelStateDesc: 'Up',
      CallerIDNum: num,
      Exten: exten,
      Application: app,
      Duration: '00:00:02',
      BridgeId: bridged ? BRIDGE : '',
    });
  return [item(PHONE, '1003', '', 'AppDial'), item(TRUNK, '79161000001', '74951234599', 'Dial')];
}

function replay(sut: CallTracker, messages: AmiMessage[], receivedAtMs: number) {
  const state = sut.createState();
  return { state, events: messages.flatMap((m) => sut.apply(state, m, receivedAtMs)) };
}

const recordsOf = (events: CallEvent[]): CallRecord[] =>
  events.flatMap((e) => (e.type === 'call.finished' ? [e.record] : []));

describe('a call the tracker meets first in a CoreShowChannels list (an ingest restarted mid-call)', () => {
  const listTime = (T0 + 2.3) * 1000;

  it('takes a caller bridged with an up phone for answered, with the list as the only witness', () => {
    const sut = new CallTracker({ pbxId: 'lab' });
    const { state, events } = replay(sut, listedAt2s(true), listTime);
    events.push(...afterList.flatMap((m) => sut.apply(state, m, listTime)));

    const [record] = recordsOf(events);
    expect(record).toMatchObject({
      callId: `lab:${T0}.62`,
      direction: 'in',
      from: '+79161000001',
      to: '+74951234599',
      answeredBy: '1003',
      disposition: 'answered',
      startedAt: new Date((T0 + 0.3) * 1000).toISOString().replace('Z', '+00:00'),
      waitSeconds: 0,
      talkSeconds: 3.7,
    });
    // the answer was announced by whoever listened then: nothing is repeated
    expect(events.map((e) => e.type)).toEqual(['call.ended', 'call.finished']);
    // the card the earlier process opened for 1003 is taken as open and answered: the end closes it
    expect(events[0]).toMatchObject({ type: 'call.ended', extension: '1003' });
    // and the worker knows a fuller record of this call may be stored already
    expect(events[1]).toMatchObject({ type: 'call.finished', resumed: true });
  });

  it('takes a bridge entered after the list for the answer whose DialEnd it missed', () => {
    const sut = new CallTracker({ pbxId: 'lab' });
    const { state, events } = replay(sut, listedAt2s(false), listTime);
    for (const m of [...beforeList.slice(6), ...afterList]) events.push(...sut.apply(state, m, listTime));
    expect(recordsOf(events)[0]).toMatchObject({ disposition: 'answered', answeredBy: '1003' });
  });

  it('takes a phone listed as ringing for a card already opened: its answer and end close it, nothing reopens it', () => {
    const ringing = [
      event({ Event: 'CoreShowChannel', ...PHONE, ChannelState: '5', CallerIDNum: '1003', Duration: '00:00:00' }),
      event({
        Event: 'CoreShowChannel',
        ...TRUNK,
        ChannelState: '4',
        CallerIDNum: '79161000001',
        Duration: '00:00:00',
      }),
    ];
    const sut = new CallTracker({ pbxId: 'lab' });
    const { state, events } = replay(sut, ringing, (T0 + 0.3) * 1000);
    for (const m of [...beforeList.slice(4), ...afterList]) events.push(...sut.apply(state, m, listTime));

    expect(events.map((e) => [e.type, 'extension' in e ? e.extension : null])).toEqual([
      ['call.answered', '1003'],
      ['call.ended', '1003'],
      ['call.finished', null],
    ]);
  });

  it('numbers its events past everything an earlier tracker could have emitted for the call', () => {
    const earlier = replay(new CallTracker({ pbxId: 'lab' }), beforeList, 0).events;
    expect(earlier.map((e) => e.seq)).toEqual([1, 2]);

    const sut = new CallTracker({ pbxId: 'lab' });
    const { state, events } = replay(sut, listedAt2s(true), listTime);
    events.push(...afterList.flatMap((m) => sut.apply(state, m, listTime)));
    // 2 s old at the list: a thousand per second of age, plus one second
    expect(events.map((e) => e.seq)).toEqual([3001, 3002]);
  });

  it('keeps numbering a call it tracked before the reconnect as it was', () => {
    const sut = new CallTracker({ pbxId: 'lab' });
    const { state, events } = replay(sut, beforeList, 0);
    events.push(...listedAt2s(true).flatMap((m) => sut.apply(state, m, listTime)));
    events.push(...afterList.flatMap((m) => sut.apply(state, m, listTime)));
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(recordsOf(events)[0]).toMatchObject({ waitSeconds: 0.5, talkSeconds: 3.5 });
    expect(events.find((e) => e.type === 'call.finished')).not.toHaveProperty('resumed');
  });
});
