import { readFileSync } from 'node:fs';
import {
  AmiBlockHeaders,
  ChannelTable,
  headerValue,
  parseAmiBlock,
  recordedTracesDir,
  traceAmiPath,
} from '@app/pbx-simulator';
import { loadCallScenario } from './call-scenario';
import { BURST_SCENARIO, CALL_SCENARIOS, CLICK_TO_CALL_SCENARIO } from './call-scenarios';

const T0 = 1_800_000_000;

function snapshot(prefix: string, channel: Record<string, string>): [string, string][] {
  return Object.entries(channel).map(([name, value]) => [`${prefix}${name}`, value]);
}

const TRUNK = {
  Channel: 'PJSIP/mts-trunk-00000049',
  ChannelState: '4',
  ChannelStateDesc: 'Ring',
  CallerIDNum: '79161234567',
  CallerIDName: '<unknown>',
  ConnectedLineNum: '<unknown>',
  ConnectedLineName: '<unknown>',
  Language: 'en',
  AccountCode: '',
  Context: 'from-mts',
  Exten: '74951234568',
  Priority: '1',
  Uniqueid: `${T0}.122`,
  Linkedid: `${T0}.122`,
};
const PHONE = {
  ...TRUNK,
  Channel: 'PJSIP/1001-0000004a',
  ChannelState: '0',
  ChannelStateDesc: 'Down',
  CallerIDNum: '1001',
  CallerIDName: 'Anna Smirnova',
  Context: 'from-internal',
  Exten: 's',
  Uniqueid: `${T0}.123`,
};

function event(name: string, at: number, ...headers: [string, string][]): AmiBlockHeaders {
  return [['Event', name], ['Privilege', 'call,all'], ['Timestamp', `${at}.000000`], ...headers];
}

describe('ChannelTable (as the sandbox keeps it)', () => {
  let sut: ChannelTable;

  beforeEach(() => {
    sut = new ChannelTable();
  });

  it('lists a bridged inbound call as CoreShowChannel items, with state, application, bridge and age', () => {
    sut.apply(event('Newchannel', T0, ...snapshot('', TRUNK), ['ChanVariable', 'CALL_DIRECTION=']));
    sut.apply(
      event(
        'Newexten',
        T0,
        ...snapshot('', { ...TRUNK, Priority: '5' }),
        ['Extension', '74951234568'],
        ['Application', 'Dial'],
        ['AppData', 'PJSIP/1001,30,t'],
      ),
    );
    sut.apply(event('Newchannel', T0 + 1, ...snapshot('', PHONE)));
    sut.apply(
      event(
        'DialBegin',
        T0 + 1,
        ...snapshot('', TRUNK),
        ...snapshot('Dest', { ...PHONE, ChannelState: '5', ChannelStateDesc: 'Ringing' }),
        ['DestChanVariable', 'CALL_DIRECTION=inbound'],
        ['DialString', '1001'],
      ),
    );
    sut.apply(
      event(
        'CEL',
        T0 + 3,
        ['EventName', 'ANSWER'],
        ['Channel', PHONE.Channel],
        ['Application', 'AppDial'],
        ['AppData', '(Outgoing Line)'],
        ['UniqueID', PHONE.Uniqueid],
        ['LinkedID', PHONE.Linkedid],
      ),
    );
    sut.apply(
      event('Newstate', T0 + 3, ...snapshot('', { ...PHONE, ChannelState: '6', ChannelStateDesc: 'Up', Exten: '' })),
    );
    const up = { ChannelState: '6', ChannelStateDesc: 'Up' };
    for (const channel of [
      { ...TRUNK, ...up, Priority: '5' },
      { ...PHONE, ...up, Exten: '' },
    ]) {
      sut.apply(event('BridgeEnter', T0 + 3, ['BridgeUniqueid', 'b6f990c7'], ...snapshot('', channel)));
    }

    const items = sut.coreShowChannels((T0 + 67) * 1000);

    expect(sut.size).toBe(2);
    // Newest first, as Asterisk listed the answering phone before the caller on the recorded reconnect (trace 15).
    expect(items[0]).toEqual([
      ['Event', 'CoreShowChannel'],
      ['Channel', 'PJSIP/1001-0000004a'],
      ['ChannelState', '6'],
      ['ChannelStateDesc', 'Up'],
      ['CallerIDNum', '1001'],
      ['CallerIDName', 'Anna Smirnova'],
      ['ConnectedLineNum', '<unknown>'],
      ['ConnectedLineName', '<unknown>'],
      ['Language', 'en'],
      ['AccountCode', ''],
      ['Context', 'from-internal'],
      ['Exten', ''],
      ['Priority', '1'],
      ['Uniqueid', `${T0}.123`],
      ['Linkedid', `${T0}.122`],
      ['ChanVariable', 'CALL_DIRECTION=inbound'],
      ['Application', 'AppDial'],
      ['ApplicationData', '(Outgoing Line)'],
      ['Duration', '00:01:06'],
      ['BridgeId', 'b6f990c7'],
    ]);
    expect(
      ['Channel', 'Priority', 'Application', 'ApplicationData', 'Duration'].map((h) => headerValue(items[1], h)),
    ).toEqual(['PJSIP/mts-trunk-00000049', '5', 'Dial', 'PJSIP/1001,30,t', '00:01:07']);
  });

  it('follows Rename, BridgeLeave and BridgeMerge, and forgets a channel at its Hangup', () => {
    sut.apply(event('Newchannel', T0, ...snapshot('', TRUNK)));
    sut.apply(event('Newchannel', T0, ...snapshot('', PHONE)));
    sut.apply(event('BridgeEnter', T0, ['BridgeUniqueid', 'bridge-a'], ...snapshot('', TRUNK)));
    sut.apply(event('BridgeEnter', T0, ['BridgeUniqueid', 'bridge-b'], ...snapshot('', PHONE)));
    sut.apply(event('BridgeMerge', T0, ['ToBridgeUniqueid', 'bridge-b'], ['FromBridgeUniqueid', 'bridge-a']));
    sut.apply(
      event(
        'Rename',
        T0,
        ['Channel', PHONE.Channel],
        ['Newname', 'PJSIP/1001-0000004a<ZOMBIE>'],
        ['Uniqueid', PHONE.Uniqueid],
      ),
    );
    sut.apply(event('BridgeLeave', T0, ['BridgeUniqueid', 'bridge-b'], ...snapshot('', PHONE)));

    const bridges = (): (string | undefined)[][] =>
      sut.coreShowChannels(T0 * 1000).map((item) => [headerValue(item, 'Channel'), headerValue(item, 'BridgeId')]);
    expect(bridges()).toEqual([
      ['PJSIP/1001-0000004a', ''],
      ['PJSIP/mts-trunk-00000049', 'bridge-b'],
    ]);

    sut.apply(event('Hangup', T0 + 5, ...snapshot('', TRUNK), ['Cause', '16']));
    expect(bridges()).toEqual([['PJSIP/1001-0000004a', '']]);
    sut.apply(event('Hangup', T0 + 5, ...snapshot('', PHONE), ['Cause', '16']));
    expect(sut.coreShowChannels()).toEqual([]);
  });

  it('ignores events about channels it never saw created', () => {
    sut.apply(event('Newstate', T0, ...snapshot('', TRUNK)));
    sut.apply(event('Hangup', T0, ...snapshot('', PHONE)));
    expect(sut.size).toBe(0);
  });

  it('over a recorded call: lists its channels with the header set of a real CoreShowChannel while it runs, none after', () => {
    const dir = recordedTracesDir(__dirname);
    const recorded = readFileSync(traceAmiPath('15', dir), 'utf8')
      .split(/\r\n\r\n/)
      .map(parseAmiBlock)
      .find((block) => headerValue(block, 'Event') === 'CoreShowChannel');
    const realHeaders = (recorded ?? []).map(([name]) => name).filter((name) => name !== 'ActionID');
    const { events } = loadCallScenario(dir, '01');
    const answeredAt = events.findIndex((e) => headerValue(e, 'Event') === 'BridgeEnter');

    events.slice(0, answeredAt + 1).forEach((e) => sut.apply(e));
    const midCall = sut.coreShowChannels();
    events.slice(answeredAt + 1).forEach((e) => sut.apply(e));

    expect(realHeaders.length).toBeGreaterThan(15);
    expect(midCall.length).toBeGreaterThan(0);
    for (const item of midCall) expect(item.map(([name]) => name)).toEqual(realHeaders);
    expect(midCall.map((item) => headerValue(item, 'Linkedid'))).toEqual(midCall.map(() => '1795672773.0'));
    expect(sut.coreShowChannels()).toEqual([]);
  });

  it.each([...CALL_SCENARIOS, BURST_SCENARIO, CLICK_TO_CALL_SCENARIO])(
    'leaves no channel up after recorded call %s',
    (prefix) => {
      const { events } = loadCallScenario(recordedTracesDir(__dirname), prefix);
      let most = 0;
      for (const e of events) {
        sut.apply(e);
        most = Math.max(most, sut.size);
      }
      expect(most).toBeGreaterThan(0);
      expect(sut.coreShowChannels()).toEqual([]);
    },
  );
});
