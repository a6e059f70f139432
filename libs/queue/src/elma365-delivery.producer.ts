import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { jobIdOf } from './job-ids';
import type { Elma365DeliveryJob } from './job-payloads';
import { QueueName } from './queue-names';
import { DELIVERY_JOB_OPTIONS, LIVE_PRIORITY, RECORD_PRIORITY } from './retry-policy';

const ACTIVE_JOB_PATIENCE_MS = 3_000;

/** One job per delivery and target: the same event goes to the webhook and to /pub/v1 as two jobs. */
function deliveryJobId(job: Elma365DeliveryJob): string {
  return jobIdOf(`${job.target}/${job.eventKey}`);
}

/** Schedules one delivery to ELMA365; the job id is the delivery's key, so scheduling twice is harmless. */
@Injectable()
export class Elma365DeliveryProducer {
  constructor(@InjectQueue(QueueName.Elma365Delivery) private readonly queue: Queue<Elma365DeliveryJob>) {}

  async enqueue(job: Elma365DeliveryJob): Promise<void> {
    await this.queue.add(job.kind, job, {
      ...DELIVERY_JOB_OPTIONS,
      jobId: deliveryJobId(job),
      priority: job.kind === 'live' ? LIVE_PRIORITY : RECORD_PRIORITY,
    });
  }

  /** A dead-lettered delivery, given a new chance: its failed job is retried, or a new one is added. */
  async replay(job: Elma365DeliveryJob): Promise<void> {
    const existing = await this.queue.getJob(deliveryJobId(job));
    // Its worker may have dead-lettered the row a moment ago and not yet failed the job: a locked job cannot be removed.
    for (let waited = 0; existing && waited < ACTIVE_JOB_PATIENCE_MS && (await existing.isActive()); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (existing && (await existing.isFailed())) return existing.retry('failed');
    if (existing) await existing.remove();
    await this.enqueue(job);
  }
}
