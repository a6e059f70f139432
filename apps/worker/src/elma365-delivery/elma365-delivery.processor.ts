import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { type BeforeApplicationShutdown, Logger } from '@nestjs/common';
import { DelayedError, type Job, type Queue, UnrecoverableError, Worker } from 'bullmq';
import { retryWhileDatabaseUnavailable } from '@app/persistence';
import { ELMA365_DELIVERY_CONCURRENCY, type Elma365DeliveryJob, QueueName, WORKER_LOCK_OPTIONS } from '@app/queue';
import { DeliveryBudget } from './delivery-budget.service';
import { Elma365DeliveryService } from './elma365-delivery.service';

/** worker.rateLimit() stores this in the limiter key: asking for the TTL at this count finds only that pause. */
const MANUAL_RATE_LIMIT = Number.MAX_SAFE_INTEGER;
const DATABASE_RETRY_MS = 500;
const DATABASE_PATIENCE_MS = 30_000;
/** How long a look at the queue's 429 pause stands for the jobs that start after it (one look, not one per job). */
const PAUSE_LOOK_MS = 200;

/**
 * Turns the delivery service's verdict into BullMQ moves; retries are paced by the service, not by BullMQ. A job
 * that sent nothing gives back the slot BullMQ's global limiter counted when it started.
 */
@Processor(QueueName.Elma365Delivery, { concurrency: ELMA365_DELIVERY_CONCURRENCY, ...WORKER_LOCK_OPTIONS })
export class Elma365DeliveryProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Elma365Delivery');
  private pauseLookedAt = 0;
  private pausedUntil = 0;

  constructor(
    private readonly delivery: Elma365DeliveryService,
    private readonly budget: DeliveryBudget,
    @InjectQueue(QueueName.Elma365Delivery) private readonly queue: Queue<Elma365DeliveryJob>,
  ) {
    super();
  }

  /**
   * Stops fetching and lets the running jobs finish before any module closes its connections (the card ledger's
   * Redis, PostgreSQL's pool): closed under a running job, they would fail it halfway.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  async process(job: Job<Elma365DeliveryJob>, token?: string): Promise<void> {
    // After a 429 the whole queue waits out Retry-After. BullMQ's own pause only stops this worker from fetching
    // until another of its jobs completes, and not at all without a global rate limit: so each job looks first.
    if (await this.pausedFor429()) throw Worker.RateLimitError();
    // In place, so that a card held up by the database is not overtaken by its call's record (it would go stale).
    const outcome = await retryWhileDatabaseUnavailable(() => this.delivery.deliver(job.data), {
      retryMs: DATABASE_RETRY_MS,
      patienceMs: DATABASE_PATIENCE_MS,
      stop: () => this.worker.closing !== undefined,
      onWait: (error) => this.logger.warn(`database unavailable, deliveries wait for it: ${String(error)}`),
    });
    switch (outcome.kind) {
      case 'done':
        if (!outcome.sent) await this.budget.refundUnusedSlot(job.processedOn);
        return;
      case 'wait':
        if (!outcome.sent) await this.budget.refundUnusedSlot(job.processedOn);
        await job.moveToDelayed(Date.now() + outcome.delayMs, token);
        throw new DelayedError();
      case 'retry':
        await job.moveToDelayed(Date.now() + outcome.delayMs, token);
        throw new DelayedError();
      case 'rate_limited':
        this.pausedUntil = Date.now() + outcome.delayMs;
        await this.worker.rateLimit(outcome.delayMs);
        throw Worker.RateLimitError();
      case 'dead':
        throw new UnrecoverableError(outcome.error);
    }
  }

  /**
   * The queue is paused after a 429 (by this worker or another replica). Asked of Redis at most every PAUSE_LOOK_MS:
   * a pause this process set counts at once, another replica's within that time.
   */
  private async pausedFor429(): Promise<boolean> {
    const now = Date.now();
    if (now - this.pauseLookedAt >= PAUSE_LOOK_MS) {
      this.pauseLookedAt = now;
      this.pausedUntil = Math.max(this.pausedUntil, now + (await this.queue.getRateLimitTtl(MANUAL_RATE_LIMIT)));
    }
    return this.pausedUntil > now;
  }
}
