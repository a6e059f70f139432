import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { CallEvent } from '@app/calls';
import { CallEventProducer, OrderedOutbox } from '@app/queue';

/** Where tracked call events go. */
export abstract class CallEventSink {
  abstract publish(pbxId: string, events: readonly CallEvent[]): void;

  /** events taken but not yet handed on (a sink that hands on at once holds none) */
  get heldEvents(): number {
    return 0;
  }

  /**
   * For callers that must know the events were taken before they go on (the gap-fill moves its CDR checkpoint only
   * then). A sink that cannot tell takes them as `publish` does.
   * @throws when the events could not be handed on
   */
  async publishConfirmed(pbxId: string, events: readonly CallEvent[]): Promise<void> {
    this.publish(pbxId, events);
  }
}

/** Held while Redis is away: ~20 events a call, so some 10,000 calls' worth, a few tens of MB at most. */
const MAX_HELD_EVENTS = 200_000;
const MAX_BATCH = 500;
const RETRY_DELAYS_MS = [100, 250, 500, 1_000, 2_000, 5_000];

interface QueuedEvent {
  readonly pbxId: string;
  readonly event: CallEvent;
}

/**
 * Hands events to the worker through Redis without blocking the AMI read loop, in order, and tries again until
 * Redis takes them: ioredis keeps commands while the connection is down, but rejects those that meet a restarting
 * Redis (`LOADING`) or a connection closed under them — before this outbox such an event was lost.
 */
@Injectable()
export class QueueCallEventSink extends CallEventSink implements OnModuleDestroy {
  private readonly logger = new Logger('CallEvents');
  private readonly outbox: OrderedOutbox<QueuedEvent>;

  constructor(producer: CallEventProducer) {
    super();
    this.outbox = new OrderedOutbox<QueuedEvent>({
      send: (items) => producer.publishEach(items),
      maxItems: MAX_HELD_EVENTS,
      maxBatch: MAX_BATCH,
      retryDelaysMs: RETRY_DELAYS_MS,
      onRetry: (error, attempt, held) => {
        if (attempt === 1 || attempt % 10 === 0) {
          this.logger.warn(`Redis did not take call events (attempt ${attempt}, ${held} held): ${error.message}`);
        }
      },
      onDrop: (items, why) => {
        const calls = [...new Set(items.map((i) => i.event.callId))];
        this.logger.error(
          `Dropped ${items.length} call event(s) of ${calls.length} call(s) (${why}); the CDR gap-fill ` +
            `recovers finished calls after the next login. First: ${calls.slice(0, 5).join(', ')}`,
        );
      },
    });
  }

  publish(pbxId: string, events: readonly CallEvent[]): void {
    this.logFinished(events);
    // A drop is reported by onDrop; nothing else can reject.
    this.outbox.push(events.map((event) => ({ pbxId, event }))).catch(() => undefined);
  }

  override async publishConfirmed(pbxId: string, events: readonly CallEvent[]): Promise<void> {
    this.logFinished(events);
    await this.outbox.push(events.map((event) => ({ pbxId, event })));
  }

  override get heldEvents(): number {
    return this.outbox.held;
  }

  onModuleDestroy(): void {
    if (this.outbox.held > 0) this.logger.warn(`Stopping with ${this.outbox.held} call event(s) not yet queued`);
    this.outbox.close();
  }

  private logFinished(events: readonly CallEvent[]): void {
    for (const event of events) {
      if (event.type !== 'call.finished') continue;
      const r = event.record;
      this.logger.log(
        `[${r.callId}] ${event.recoveredFrom ? 'recovered from CDR' : 'finished'} ${r.direction} ` +
          `${r.from ?? '?'} -> ${r.to ?? '?'} ${r.disposition}` +
          (r.answeredBy ? ` by ${r.answeredBy}` : ''),
      );
    }
  }
}
