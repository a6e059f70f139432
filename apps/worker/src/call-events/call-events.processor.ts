import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { type CallEventJob, QueueName, WORKER_LOCK_OPTIONS } from '@app/queue';
import { CallEventHandlerService } from './call-event-handler.service';

/** One job at a time: the ledger's per-call order is the order the tracker emitted. */
@Processor(QueueName.CallEvents, { concurrency: 1, ...WORKER_LOCK_OPTIONS })
export class CallEventsProcessor extends WorkerHost {
  constructor(private readonly handler: CallEventHandlerService) {
    super();
  }

  async process(job: Job<CallEventJob>): Promise<void> {
    await this.handler.handle(job.data);
  }
}
