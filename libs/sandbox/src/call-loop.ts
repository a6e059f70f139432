import { CallPlay, planCallPlay, ScheduledAmiEvent } from './call-play';
import { CallScenario } from './call-scenario';
import { ChannelIdSequence } from './channel-id-sequence';
import { PlayRunner } from './play-runner';

export interface CallLoopOptions {
  readonly scenarios: readonly CallScenario[];
  /** 1 = recorded pace */
  readonly speed: number;
  /** quiet time between two calls */
  readonly pauseMs: number;
  /** sends an event block to every listening client */
  readonly broadcast: (event: ScheduledAmiEvent) => void;
  /** the PBX's channel ids, shared with whatever else plays calls on it (default: the loop's own) */
  readonly channelIds?: ChannelIdSequence;
  /** played instead of the next scenario after every `burstEvery` scenario calls (e.g. the concurrent burst) */
  readonly burst?: CallScenario;
  /** 0 or undefined: the burst never plays */
  readonly burstEvery?: number;
  /** told when a play starts (e.g. to log it) */
  readonly onPlay?: (play: CallPlay) => void;
}

/** Plays the scenarios one call at a time (a burst counts as one), round and round, until stop(). */
export class CallLoop {
  private readonly channelIds: ChannelIdSequence;
  private runner: PlayRunner | undefined;
  private timer: NodeJS.Timeout | undefined;
  private next = 0;
  private sinceBurst = 0;
  private plays = 0;
  private stopped = true;

  constructor(private readonly options: CallLoopOptions) {
    if (options.scenarios.length === 0) throw new Error('sandbox: no call scenario to play');
    if (!(options.speed > 0)) throw new Error(`sandbox: speed must be > 0 (got ${options.speed})`);
    const burstEvery = options.burstEvery ?? 0;
    if (!Number.isInteger(burstEvery) || burstEvery < 0) {
      throw new Error(`sandbox: burstEvery must be a whole number >= 0 (got ${burstEvery})`);
    }
    this.channelIds = options.channelIds ?? new ChannelIdSequence();
  }

  /** plays started so far */
  get played(): number {
    return this.plays;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.playNext();
  }

  stop(): void {
    this.stopped = true;
    this.runner?.stop();
    this.runner = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private playNext(): void {
    if (this.stopped) return;
    const play = planCallPlay(this.nextScenario(), {
      startMs: Date.now(),
      speed: this.options.speed,
      channelIds: this.channelIds,
    });
    this.plays += 1;
    this.options.onPlay?.(play);
    this.runner = new PlayRunner(play, this.options.broadcast, () => {
      this.runner = undefined;
      if (!this.stopped) this.timer = setTimeout(() => this.playNext(), this.options.pauseMs);
    });
    this.runner.start();
  }

  private nextScenario(): CallScenario {
    const { burst, burstEvery = 0, scenarios } = this.options;
    if (burst && burstEvery > 0 && this.sinceBurst >= burstEvery) {
      this.sinceBurst = 0;
      return burst;
    }
    this.sinceBurst += 1;
    const scenario = scenarios[this.next];
    this.next = (this.next + 1) % scenarios.length;
    return scenario;
  }
}
