import { Logger } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type Job, Worker } from 'bullmq';
import { isDatabaseUnavailable } from '@app/persistence';
import {
  CALL_EVENTS_CONCURRENCY,
  type CallEventJob,
  PerKeySequencer,
  QueueName,
  WORKER_LOCK_OPTIONS,
} from '@app/queue';
import { CallEventHandlerService } from './call-event-handler.service';

/** How often a job that met an unreachable database tries again, holding its call's later events behind it. */
export const DATABASE_RETRY_MS = 500;
/** After this long the job goes back to the queue and the whole queue waits instead. */
export const DATABASE_PATIENCE_MS = 30_000;

/**
 * Jobs arrive in queue order; the sequencer keeps that order per call, so the ledger sees a call's events in the
 * order the tracker emitted them while other calls go on.
 */
@Processor(QueueName.CallEvents, { concurrency: CALL_EVENTS_CONCURRENCY, ...WORKER_LOCK_OPTIONS })
export class CallEventsProcessor extends WorkerHost {
  private readonly logger = new Logger(CallEventsProcessor.name);
  private readonly sequencer = new PerKeySequencer();

  constructor(private readonly handler: CallEventHandlerService) {
    super();
  }

  process(job: Job<CallEventJob>): Promise<void> {
    return this.sequencer.run(job.data.event.callId, () => this.handle(job.data));
  }

  /**
   * A retry with BullMQ's backoff would let the call's later events overtake this one: while the database is
   * unreachable the job waits here instead (keeping its lock), and after DATABASE_PATIENCE_MS it goes back to the
   * head of the queue and the queue pauses, without using an attempt.
   */
  private async handle(data: CallEventJob): Promise<void> {
    const giveUpAt = Date.now() + DATABASE_PATIENCE_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.handler.handle(data);
        return;
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        if (attempt === 0) this.logger.warn(`database unavailable, call events wait for it: ${String(error)}`);
        if (Date.now() >= giveUpAt || this.worker.closing) {
          await this.worker.rateLimit(DATABASE_RETRY_MS);
          throw Worker.RateLimitError();
        }
        await new Promise((resolve) => setTimeout(resolve, DATABASE_RETRY_MS));
      }
    }
  }
}
