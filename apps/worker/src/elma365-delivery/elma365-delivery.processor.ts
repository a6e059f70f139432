import { Processor, WorkerHost } from '@nestjs/bullmq';
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import { type Elma365DeliveryJob, QueueName, WORKER_LOCK_OPTIONS } from '@app/queue';
import { Elma365DeliveryService } from './elma365-delivery.service';

/** Turns the delivery service's verdict into BullMQ moves; retries are paced by the service, not by BullMQ. */
@Processor(QueueName.Elma365Delivery, { concurrency: 4, ...WORKER_LOCK_OPTIONS })
export class Elma365DeliveryProcessor extends WorkerHost {
  constructor(private readonly delivery: Elma365DeliveryService) {
    super();
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
