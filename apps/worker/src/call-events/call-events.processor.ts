import { Logger } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type Job, Worker } from 'bullmq';
import { isDatabaseUnavailable } from '@app/persistence';
import { type CallEventJob, QueueName, WORKER_LOCK_OPTIONS } from '@app/queue';
import { CallEventHandlerService } from './call-event-handler.service';

/** How long the queue waits before trying the database again. */
export const DATABASE_UNAVAILABLE_PAUSE_MS = 1_000;

/** One job at a time: the ledger's per-call order is the order the tracker emitted. */
@Processor(QueueName.CallEvents, { concurrency: 1, ...WORKER_LOCK_OPTIONS })
export class CallEventsProcessor extends WorkerHost {
  private readonly logger = new Logger(CallEventsProcessor.name);

  constructor(private readonly handler: CallEventHandlerService) {
    super();
  }

  async process(job: Job<CallEventJob>): Promise<void> {
    try {
      await this.handler.handle(job.data);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      // A retry with backoff would let the call's later events overtake this one (its live card then arrives
      // stale): the job goes back to the head of the queue instead, the whole queue waits, and no attempt is used.
      this.logger.warn(`database unavailable, call events wait ${DATABASE_UNAVAILABLE_PAUSE_MS} ms: ${String(error)}`);
      await this.worker.rateLimit(DATABASE_UNAVAILABLE_PAUSE_MS);
      throw Worker.RateLimitError();
    }
  }
}
