import type { AmiTrace } from '@app/pbx-simulator';
import type { ServedConnection } from './ami-test-connection';
import { sessionSegments, type SegmentOptions, splitSession } from './trace-segments';

export interface TraceReplayOptions extends SegmentOptions {
  /** close the connection after the last recorded session too (default false: it stays open) */
  readonly closeAfterLastSession?: boolean;
}

/** A recorded trace served session by session: each accepted login is streamed the next one. */
export class TraceReplay {
  private nextSession = 0;
  private streamedSessions = 0;

  constructor(
    private readonly trace: AmiTrace,
    private readonly options: TraceReplayOptions,
  ) {}

  /** recorded sessions streamed to the end */
  get streamed(): number {
    return this.streamedSessions;
  }

  /** the banner the next session was recorded with, if it has one */
  nextBanner(): string | undefined {
    const session = this.trace.sessions[this.nextSession];
    return session && splitSession(this.trace, session).banner;
  }

  /** Streams the next recorded session after the live login response; false when every one was served. */
  serve(connection: ServedConnection, loginResponse: Buffer, onStreamed: () => void): boolean {
    const session = this.trace.sessions[this.nextSession];
    if (!session) return false;
    this.nextSession += 1;
    connection.session = session.session;
    const last = this.nextSession === this.trace.sessions.length;
    const close = !last || (this.options.closeAfterLastSession ?? false);
    connection.stream(sessionSegments(this.trace, session, loginResponse, this.options), () => {
      this.streamedSessions += 1;
      if (close) connection.end();
      onStreamed();
    });
    return true;
  }
}
