import { CallPlay, planCallPlay } from './call-play';
import { CallScenario } from './call-scenario';
import { ChannelIdSequence } from './channel-id-sequence';

export interface CallLoopOptions {
  readonly scenarios: readonly CallScenario[];
  /** 1 = recorded pace */
  readonly speed: number;
  /** quiet time between two calls */
  readonly pauseMs: number;
  /** writes an event block to every listening client */
  readonly broadcast: (text: string) => void;
  /** told when a play starts (e.g. to log it) */
  readonly onPlay?: (play: CallPlay) => void;
}

/** Plays the scenarios one call at a time, round and round, until stop(). */
export class CallLoop {
  private readonly channelIds = new ChannelIdSequence();
  private timer: NodeJS.Timeout | undefined;
  private next = 0;
  private plays = 0;
  private stopped = true;

  constructor(private readonly options: CallLoopOptions) {
    if (options.scenarios.length === 0) throw new Error('sandbox: no call scenario to play');
    if (!(options.speed > 0)) throw new Error(`sandbox: speed must be > 0 (got ${options.speed})`);
  }

  /** calls started so far */
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
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private playNext(): void {
    if (this.stopped) return;
    const scenario = this.options.scenarios[this.next];
    this.next = (this.next + 1) % this.options.scenarios.length;
    const play = planCallPlay(scenario, {
      startMs: Date.now(),
      speed: this.options.speed,
      channelIds: this.channelIds,
    });
    this.plays += 1;
    this.options.onPlay?.(play);
    this.send(play, 0, Date.now());
  }

  /** Sends every event that is due, then sleeps until the next one (or the pause after the call). */
  private send(play: CallPlay, from: number, startedAt: number): void {
    let i = from;
    const elapsed = Date.now() - startedAt;
    while (i < play.events.length && play.events[i].offsetMs <= elapsed) {
      this.options.broadcast(play.events[i].text);
      i += 1;
    }
    if (this.stopped) return;
    if (i < play.events.length) {
      this.timer = setTimeout(() => this.send(play, i, startedAt), play.events[i].offsetMs - elapsed);
    } else {
      this.timer = setTimeout(() => this.playNext(), this.options.pauseMs);
    }
  }
}
