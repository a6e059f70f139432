import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { CallEvent } from '@app/calls';
import { callEventJobKey, jobIdOf } from './job-ids';
import type { CallEventJob } from './job-payloads';
import { QueueName } from './queue-names';
import { CALL_EVENT_JOB_OPTIONS } from './job-options';

/** Hands tracker output to the worker. Idempotent: a re-sent event keeps its job id. */
@Injectable()
export class CallEventProducer {
  constructor(@InjectQueue(QueueName.CallEvents) private readonly queue: Queue<CallEventJob>) {}

  async publish(pbxId: string, events: readonly CallEvent[]): Promise<void> {
    await this.publishEach(events.map((event) => ({ pbxId, event })));
  }

  /** Events of any PBX, in order, in one round trip. */
  async publishEach(items: readonly CallEventJob[]): Promise<void> {
    if (items.length === 0) return;
    await this.queue.addBulk(
      items.map(({ pbxId, event }) => ({
        name: event.type,
        data: { pbxId, event },
        opts: { ...CALL_EVENT_JOB_OPTIONS, jobId: jobIdOf(callEventJobKey(event)) },
      })),
    );
  }
}
