import { type BeforeApplicationShutdown, Logger } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type Job, Worker } from 'bullmq';
import { isDatabaseUnavailable, retryWhileDatabaseUnavailable } from '@app/persistence';
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
export class CallEventsProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger(CallEventsProcessor.name);
  private readonly sequencer = new PerKeySequencer();

  constructor(private readonly handler: CallEventHandlerService) {
    super();
  }

  /** Running jobs finish before any module closes a connection they use (see Elma365DeliveryProcessor). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  process(job: Job<CallEventJob>): Promise<void> {
    return this.sequencer.run(job.data.event.callId, () => this.handle(job.data));
  }

  /**
   * While the database is unreachable the job waits here (keeping its lock, its call's later events behind it);
   * after DATABASE_PATIENCE_MS, or when the worker closes, it goes back to the head of the queue without using an
   * attempt, and this worker holds off fetching for DATABASE_RETRY_MS.
   */
  private async handle(data: CallEventJob): Promise<void> {
    try {
      await retryWhileDatabaseUnavailable(() => this.handler.handle(data), {
        retryMs: DATABASE_RETRY_MS,
        patienceMs: DATABASE_PATIENCE_MS,
        stop: () => this.worker.closing !== undefined,
        onWait: (error) => this.logger.warn(`database unavailable, call events wait for it: ${String(error)}`),
      });
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      await this.worker.rateLimit(DATABASE_RETRY_MS);
      throw Worker.RateLimitError();
    }
  }
}
