import { AmiBlockHeaders, headerValue, recordedTracesDir } from '@app/pbx-simulator';
import { CallPlay, ScheduledAmiEvent } from './call-play';
import { loadCallScenario } from './call-scenario';
import { CLICK_TO_CALL_SCENARIO, ORIGINATE_FAILURES_SCENARIO } from './call-scenarios';
import { ChannelIdSequence } from './channel-id-sequence';
import { SimulatedOriginate } from './simulated-originate';

const TRACES = recordedTracesDir(__dirname);

function originate(...headers: [string, string][]): AmiBlockHeaders {
  return [
    ['Action', 'Originate'],
    ['ActionID', 'a-1'],
    ['Context', 'from-internal'],
    ['Exten', '79161234567'],
    ...headers,
  ];
}

describe('SimulatedOriginate', () => {
  let sut: SimulatedOriginate;
  const emitted: ScheduledAmiEvent[] = [];
  const plays: CallPlay[] = [];

  beforeEach(() => {
    emitted.length = 0;
    plays.length = 0;
    sut = new SimulatedOriginate({
      clickToCall: loadCallScenario(TRACES, CLICK_TO_CALL_SCENARIO),
      failures: loadCallScenario(TRACES, ORIGINATE_FAILURES_SCENARIO),
      speed: 1,
      channelIds: new ChannelIdSequence(),
      emit: (event) => emitted.push(event),
      onPlay: (play) => plays.push(play),
    });
  });

  afterEach(() => sut.stop());

  it('queues an Originate of a lab phone, and after the response plays the click-to-call under its ChannelId', () => {
    const answer = sut.answer(originate(['Channel', 'PJSIP/1003'], ['Async', 'true'], ['ChannelId', 'c2c-1']));
    expect(answer).toMatchObject({ response: 'Success', message: 'Originate successfully queued' });
    expect(plays).toEqual([]);

    answer.then?.();

    expect(plays.map((p) => [p.scenario, p.linkedids])).toEqual([['08-originate-click-to-call', ['c2c-1']]]);
    expect(['Event', 'Channel', 'UniqueID'].map((h) => headerValue(emitted[0].headers, h))).toEqual([
      'CEL',
      'PJSIP/1003-00000013',
      'c2c-1',
    ]);
  });

  it('refuses an Originate without Channel, and a synchronous one it cannot place, like Asterisk', () => {
    expect(sut.answer(originate())).toEqual({ response: 'Error', message: 'Channel not specified' });
    expect(sut.answer(originate(['Channel', 'PJSIP/9999']))).toEqual({
      response: 'Error',
      message: 'Originate failed',
    });
    expect(emitted).toEqual([]);
  });

  it('queues an async Originate of no lab phone, then reports its failure and plays no call', () => {
    const answer = sut.answer(originate(['Channel', 'SIP/1001'], ['Async', 'yes'], ['ChannelId', 'c2c-2']));
    expect(answer.response).toBe('Success');

    answer.then?.();

    expect(plays).toEqual([]);
    expect(
      emitted.map((e) => ['Event', 'ActionID', 'Response', 'Channel', 'Reason'].map((h) => headerValue(e.headers, h))),
    ).toEqual([['OriginateResponse', 'a-1', 'Failure', 'SIP/1001', '0']]);
    expect(emitted[0].text).toMatch(/^Event: OriginateResponse\r\n[\s\S]*\r\n\r\n$/);
  });
});
