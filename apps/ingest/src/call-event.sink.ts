import { Injectable, Logger } from '@nestjs/common';
import type { CallEvent } from '@app/calls';
import { CallEventProducer } from '@app/queue';

/** Where tracked call events go. */
export abstract class CallEventSink {
  abstract publish(pbxId: string, events: readonly CallEvent[]): void;

  /**
   * For callers that must know the events were taken before they go on (the gap-fill moves its CDR checkpoint only
   * then). A sink that cannot tell takes them as `publish` does.
   * @throws when the events could not be handed on
   */
  async publishConfirmed(pbxId: string, events: readonly CallEvent[]): Promise<void> {
    this.publish(pbxId, events);
  }
}

/**
 * Hands events to the worker through Redis without blocking the AMI read loop. While Redis is away ioredis keeps
 * the commands and sends them in order once it is back; only a rejected command (a Redis error) is lost, and is
 * logged with the call id so the gap-fill can find it.
 */
@Injectable()
export class QueueCallEventSink extends CallEventSink {
  private readonly logger = new Logger('CallEvents');

  constructor(private readonly producer: CallEventProducer) {
    super();
  }

  publish(pbxId: string, events: readonly CallEvent[]): void {
    this.logFinished(events);
    this.producer.publish(pbxId, events).catch((error: Error) => {
      const calls = [...new Set(events.map((e) => e.callId))].join(', ');
      this.logger.error(`Could not queue ${events.length} event(s) of ${calls}: ${error.message}`);
    });
  }

  override async publishConfirmed(pbxId: string, events: readonly CallEvent[]): Promise<void> {
    this.logFinished(events);
    await this.producer.publish(pbxId, events);
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
