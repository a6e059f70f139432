import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { JobState, Queue } from 'bullmq';
import { jobIdOf } from './job-ids';
import type { Elma365DeliveryJob } from './job-payloads';
import { QueueName } from './queue-names';
import { DELIVERY_JOB_OPTIONS, LIVE_PRIORITY, RECORD_PRIORITY } from './job-options';

/** A job in one of these states will still run (or is running): the delivery needs no other. */
const LIVE_JOB_STATES: ReadonlySet<JobState | 'unknown'> = new Set<JobState | 'unknown'>([
  'waiting',
  'prioritized',
  'delayed',
  'active',
  'waiting-children',
]);

/** Which delivery a job is for: its ledger row's key and target. */
export interface DeliveryJobKey {
  readonly target: string;
  readonly eventKey: string;
}

/** One job per delivery and target: the same event goes to the webhook and to /pub/v1 as two jobs. */
function deliveryJobId(job: DeliveryJobKey): string {
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

  /**
   * Gives the delivery a job unless it has one that will still run; true when it added one. Adding an id BullMQ
   * still keeps as completed or failed would be a silent no-op, so such a job is removed first — but only while
   * `stillPending` confirms the delivery needs sending (its job may have settled it a moment ago).
   */
  async ensureQueued(job: Elma365DeliveryJob, stillPending: () => Promise<boolean>): Promise<boolean> {
    const id = deliveryJobId(job);
    const state = await this.queue.getJobState(id);
    if (LIVE_JOB_STATES.has(state)) return false;
    if (state !== 'unknown') {
      if (!(await stillPending())) return false;
      await this.queue.remove(id);
    }
    await this.enqueue(job);
    return true;
  }

  /** The delivery has a job that will still run, or is running. */
  async hasLiveJob(job: DeliveryJobKey): Promise<boolean> {
    return LIVE_JOB_STATES.has(await this.queue.getJobState(deliveryJobId(job)));
  }

  /**
   * Takes back the delivery's job before a worker starts it (so it costs no rate-limit slot). False while a worker
   * runs it: that run decides for itself. True also when it had no job.
   */
  async withdraw(job: DeliveryJobKey): Promise<boolean> {
    return (await this.queue.remove(deliveryJobId(job))) === 1;
  }
}
