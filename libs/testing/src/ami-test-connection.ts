import type { AmiMessage } from '@app/ami';
import type { AmiBlockFields, AmiSession } from '@app/pbx-simulator';
import type { Segment } from './trace-segments';

/** A client connection, as handlers and tests see it. */
export interface AmiTestConnection {
  readonly id: number;
  readonly authenticated: boolean;
  /** the recorded session served to it (1-based), if any */
  readonly session: number | undefined;
  readonly open: boolean;
  send(data: string | Buffer): void;
  sendBlock(fields: AmiBlockFields): void;
  /** `Response: <response>`, the action's `ActionID`, then `fields` */
  respond(to: AmiMessage, response: string, fields?: AmiBlockFields): void;
  /** abrupt close (RST-like), as a network failure */
  drop(): void;
  /** orderly close after what was written */
  end(): void;
}

/** An AMI session of the test server, with what a test adds to it: a recorded session streamed at its pace. */
export class ServedConnection implements AmiTestConnection {
  readonly id: number;
  session: number | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly amiSession: AmiSession) {
    this.id = amiSession.id;
  }

  get authenticated(): boolean {
    return this.amiSession.authenticated;
  }

  get open(): boolean {
    return this.amiSession.open;
  }

  send(data: string | Buffer): void {
    this.amiSession.send(data);
  }

  sendBlock(fields: AmiBlockFields): void {
    this.amiSession.sendBlock(fields);
  }

  respond(to: AmiMessage, response: string, fields: AmiBlockFields = {}): void {
    this.amiSession.respond(to, response, fields);
  }

  drop(): void {
    this.stopStreaming();
    this.amiSession.drop();
  }

  end(): void {
    this.stopStreaming();
    this.amiSession.end();
  }

  later(fn: () => void, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, delayMs);
    this.timers.add(timer);
  }

  /** Writes the segments in order, honouring their delays, then calls done (if still open). */
  stream(segments: readonly Segment[], done: () => void): void {
    const next = (i: number): void => {
      for (; i < segments.length; i++) {
        if (!this.open) return;
        if (segments[i].delayMs > 0 && i > 0) {
          const from = i;
          this.later(() => {
            this.send(segments[from].bytes);
            next(from + 1);
          }, segments[i].delayMs);
          return;
        }
        this.send(segments[i].bytes);
      }
      if (this.open) done();
    };
    next(0);
  }

  stopStreaming(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
