import { CallPlay, ScheduledAmiEvent } from './call-play';

/** Sends one play's events at their offsets from start(), then calls `onEnd`; stop() drops what is left. */
export class PlayRunner {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    readonly play: CallPlay,
    private readonly emit: (event: ScheduledAmiEvent) => void,
    private readonly onEnd: () => void = () => undefined,
  ) {}

  start(): void {
    this.sendDue(0, Date.now());
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Sends every event that is due, then sleeps until the next one. */
  private sendDue(from: number, startedAt: number): void {
    const { events } = this.play;
    let i = from;
    const elapsed = Date.now() - startedAt;
    while (i < events.length && events[i].offsetMs <= elapsed && !this.stopped) {
      this.emit(events[i]);
      i += 1;
    }
    if (this.stopped) return;
    if (i < events.length) {
      this.timer = setTimeout(() => this.sendDue(i, startedAt), events[i].offsetMs - elapsed);
    } else {
      this.timer = undefined;
      this.onEnd();
    }
  }
}
