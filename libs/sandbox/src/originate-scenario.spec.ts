import { AmiMessage } from '@app/ami';
import { CallRecord, CallTracker } from '@app/calls';
import { AmiBlockHeaders, headerValue, recordedTracesDir } from '@app/pbx-simulator';
import { planCallPlay } from './call-play';
import { loadCallScenario } from './call-scenario';
import { CLICK_TO_CALL_SCENARIO, ORIGINATE_FAILURES_SCENARIO } from './call-scenarios';
import { ChannelIdSequence } from './channel-id-sequence';
import { LAB_PHONES } from './lab-phones';
import { parseOriginate } from './originate-request';
import {
  clickToCallPlan,
  failedOriginateResponse,
  originateFailureEvent,
  recordedClickToCall,
} from './originate-scenario';

const TRACES = recordedTracesDir(__dirname);
const IVAN = LAB_PHONES[1];

/** What the connector's click-to-call sends (apps/api originateFields). */
const API_ORIGINATE: AmiBlockHeaders = [
  ['Action', 'Originate'],
  ['ActionID', 'api-office-7'],
  ['Channel', `PJSIP/${IVAN.extension}`],
  ['Context', 'from-internal'],
  ['Exten', '79161234567'],
  ['Priority', '1'],
  ['Timeout', '30000'],
  ['CallerID', '"ООО \\"Ромашка\\"" <+79161234567>'],
  ['Async', 'true'],
  ['ChannelId', 'c2c-5f0c1d2e'],
];

function find(events: readonly AmiBlockHeaders[], name: string): AmiBlockHeaders {
  const found = events.find((e) => headerValue(e, 'Event') === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

describe('parseOriginate', () => {
  it('reads the fields the simulated PBX acts on, the CallerID as Asterisk splits it', () => {
    expect(parseOriginate(API_ORIGINATE)).toEqual({
      actionId: 'api-office-7',
      channel: 'PJSIP/1002',
      context: 'from-internal',
      exten: '79161234567',
      callerIdName: 'ООО "Ромашка"',
      callerIdNumber: '+79161234567',
      channelId: 'c2c-5f0c1d2e',
      async: true,
    });
    expect(parseOriginate([['CallerID', '89161234567']])).toMatchObject({
      channel: '',
      callerIdNumber: '89161234567',
      callerIdName: undefined,
      async: false,
    });
  });
});

describe('clickToCallPlan', () => {
  const recorded = recordedClickToCall(loadCallScenario(TRACES, CLICK_TO_CALL_SCENARIO));

  it('reads what the recorded click-to-call was: phone, number, CallerID, context', () => {
    expect(recorded).toMatchObject({
      agentUniqueid: '1795672837.34',
      agentExtension: '1001',
      agentName: 'Anna Smirnova',
      actionId: 'crm-c2c-0001',
      context: 'click-to-call',
      dialled: '89161234567',
      callerIdNumber: '89161234567',
      callerIdName: 'Клиент ООО Вектор',
    });
  });

  it("makes it this Originate's call: its phone, number, CallerID, context and ActionID", () => {
    const sut = clickToCallPlan(recorded, parseOriginate(API_ORIGINATE), IVAN);
    const { events } = sut.scenario;

    expect(['Channel', 'CallerIDNum', 'CallerIDName'].map((h) => headerValue(find(events, 'Newchannel'), h))).toEqual([
      'PJSIP/1002-00000013',
      '1002',
      'Иван Петров',
    ]);
    const response = find(events, 'OriginateResponse');
    expect(response.map(([name]) => name)).toContain('ChanVariable(PJSIP/1002-00000013)');
    expect(
      ['ActionID', 'Channel', 'Context', 'Exten', 'CallerIDNum', 'CallerIDName'].map((h) => headerValue(response, h)),
    ).toEqual(['api-office-7', 'PJSIP/1002-00000013', 'from-internal', '79161234567', '+79161234567', 'ООО "Ромашка"']);
    const trunkDial = events.find((e) => headerValue(e, 'AppData')?.includes('@mts-trunk'));
    expect(headerValue(trunkDial ?? [], 'AppData')).toBe('PJSIP/79161234567@mts-trunk,60');
    const text = JSON.stringify(events);
    for (const recordedValue of ['PJSIP/1001', 'Anna Smirnova', '89161234567', 'Клиент ООО Вектор', 'crm-c2c-0001']) {
      expect(text).not.toContain(recordedValue);
    }
    expect([...sut.pinnedIds]).toEqual([['1795672837.34', 'c2c-5f0c1d2e']]);
  });

  it('played and tracked, it is an answered outgoing call of that phone to that number under the ChannelId', () => {
    const plan = clickToCallPlan(recorded, parseOriginate(API_ORIGINATE), IVAN);
    const play = planCallPlay(plan.scenario, {
      startMs: Date.now(),
      speed: 1,
      channelIds: new ChannelIdSequence(),
      pinnedIds: plan.pinnedIds,
    });
    const tracker = new CallTracker({ pbxId: 'sandbox' });
    const state = tracker.createState();
    const records: CallRecord[] = [];
    for (const event of play.events) {
      for (const out of tracker.apply(state, new AmiMessage(event.headers), Date.now())) {
        if (out.type === 'call.finished') records.push(out.record);
      }
    }

    expect(play.linkedids).toEqual(['c2c-5f0c1d2e']);
    expect(
      headerValue(
        find(
          play.events.map((e) => e.headers),
          'Newchannel',
        ),
        'Uniqueid',
      ),
    ).toBe('c2c-5f0c1d2e');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      callId: 'sandbox:c2c-5f0c1d2e',
      direction: 'out',
      from: '1002',
      to: '+79161234567',
      answeredBy: '1002',
      disposition: 'answered',
    });
  });

  it('without a ChannelId the call gets fresh ids like any other play', () => {
    const request = parseOriginate(API_ORIGINATE.filter(([name]) => name !== 'ChannelId'));
    expect(clickToCallPlan(recorded, request, IVAN).pinnedIds.size).toBe(0);
  });
});

describe('originateFailureEvent', () => {
  it("is Asterisk's recorded failed OriginateResponse naming this Originate", () => {
    const recorded = failedOriginateResponse(loadCallScenario(TRACES, ORIGINATE_FAILURES_SCENARIO));
    const request = parseOriginate([
      ...API_ORIGINATE.slice(0, 2),
      ['Channel', 'PJSIP/9999'],
      ...API_ORIGINATE.slice(3),
    ]);

    const sut = originateFailureEvent(recorded, request, 1_800_000_000_500);

    expect(sut).toEqual([
      ['Event', 'OriginateResponse'],
      ['Privilege', 'call,all'],
      ['Timestamp', '1800000000.500000'],
      ['ActionID', 'api-office-7'],
      ['Response', 'Failure'],
      ['Channel', 'PJSIP/9999'],
      ['Context', 'from-internal'],
      ['Exten', '79161234567'],
      ['Reason', '0'],
      ['Uniqueid', '<unknown>'],
      ['CallerIDNum', '<unknown>'],
      ['CallerIDName', '<unknown>'],
    ]);
  });
});
