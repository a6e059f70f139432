import { AmiBlockHeaders } from '@app/pbx-simulator';
import { CallLoop } from './call-loop';
import { CallPlay } from './call-play';
import { CallScenario } from './call-scenario';

function scenario(name: string): CallScenario {
  const event: AmiBlockHeaders = [
    ['Event', 'Newchannel'],
    ['Timestamp', '1800000000.000000'],
    ['Uniqueid', '1800000000.1'],
    ['Linkedid', '1800000000.1'],
  ];
  return { name, events: [event] };
}

describe('CallLoop', () => {
  let sut: CallLoop | undefined;

  afterEach(() => sut?.stop());

  async function firstPlays(count: number, burstEvery: number): Promise<string[]> {
    const plays: CallPlay[] = [];
    await new Promise<void>((resolve) => {
      sut = new CallLoop({
        scenarios: [scenario('a'), scenario('b')],
        burst: scenario('burst'),
        burstEvery,
        speed: 1,
        pauseMs: 0,
        broadcast: () => undefined,
        onPlay: (play) => {
          plays.push(play);
          if (plays.length === count) resolve();
        },
      });
      sut.start();
    });
    sut?.stop();
    return plays.map((p) => p.scenario);
  }

  it('plays the burst after every `burstEvery` calls, the scenarios in turn between', async () => {
    expect(await firstPlays(8, 3)).toEqual(['a', 'b', 'a', 'burst', 'b', 'a', 'b', 'burst']);
  }, 5000);

  it('never plays the burst when burstEvery is 0', async () => {
    expect(await firstPlays(5, 0)).toEqual(['a', 'b', 'a', 'b', 'a']);
  }, 5000);

  it('refuses a burstEvery that is no whole number', () => {
    expect(
      () =>
        new CallLoop({ scenarios: [scenario('a')], speed: 1, pauseMs: 0, burstEvery: 1.5, broadcast: () => undefined }),
    ).toThrow(/burstEvery must be a whole number/);
  });
});
