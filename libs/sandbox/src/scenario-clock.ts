/** Maps a recorded moment onto the play: the call starts at `startMs` and runs `speed` times faster. */
export class ScenarioClock {
  constructor(
    private readonly recordedStartMs: number,
    readonly startMs: number,
    readonly speed: number,
  ) {}

  /** ms after the play's start when a recorded moment happens */
  offsetMs(recordedMs: number): number {
    return Math.max(0, (recordedMs - this.recordedStartMs) / this.speed);
  }

  at(recordedMs: number): number {
    return this.startMs + this.offsetMs(recordedMs);
  }
}

/** `2026-11-26 05:59:33` (CEL EventTime, Cdr StartTime/AnswerTime/EndTime; the lab PBX runs on UTC) -> ms. */
export function parseAsteriskDateTime(value: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

export function formatAsteriskDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
