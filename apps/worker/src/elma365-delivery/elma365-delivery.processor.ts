import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import { AppConfig } from '@app/config';
import {
  ELMA365_DELIVERY_CONCURRENCY,
  ELMA365_RATE_LIMITED_DELIVERY_CONCURRENCY,
  type Elma365DeliveryJob,
  QueueName,
  WORKER_LOCK_OPTIONS,
} from '@app/queue';
import { Elma365DeliveryService } from './elma365-delivery.service';

/** Turns the delivery service's verdict into BullMQ moves; retries are paced by the service, not by BullMQ. */
@Processor(QueueName.Elma365Delivery, { concurrency: ELMA365_DELIVERY_CONCURRENCY, ...WORKER_LOCK_OPTIONS })
export class Elma365DeliveryProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly delivery: Elma365DeliveryService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  /** The worker exists by now (Nest's BullMQ registrar made it at module init). */
  onApplicationBootstrap(): void {
    if (this.config.delivery.rateLimitPerMinute > 0)
      this.worker.concurrency = ELMA365_RATE_LIMITED_DELIVERY_CONCURRENCY;
  }

  async process(job: Job<Elma365DeliveryJob>, token?: string): Promise<void> {
    const outcome = await this.delivery.deliver(job.data);
    switch (outcome.kind) {
      case 'done':
        return;
      case 'wait':
      case 'retry':
        await job.moveToDelayed(Date.now() + outcome.delayMs, token);
        throw new DelayedError();
      case 'rate_limited':
        await this.worker.rateLimit(outcome.delayMs);
        throw Worker.RateLimitError();
      case 'dead':
        throw new UnrecoverableError(outcome.error);
    }
  }
}
