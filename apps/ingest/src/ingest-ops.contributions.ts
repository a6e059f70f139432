import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import {
  amiSessionsCheck,
  MetricsRegistry,
  pingCheck,
  ReadinessChecks,
  registerAmiSessionGauges,
  registerIngestBacklogGauge,
  warningCheck,
} from '@app/ops';
import { QueueName } from '@app/queue';
import { CallEventSink } from './call-event.sink';
import { IngestService } from './ingest.service';

/**
 * What ingest adds to the process's readiness and metrics, wherever it runs (alone, or in the all-in-one app): ready
 * while Redis answers and every PBX's AMI session is logged in; a CDR file gap-fill cannot rely on is a warning.
 */
@Injectable()
export class IngestOpsContributions {
  constructor(
    readiness: ReadinessChecks,
    registry: MetricsRegistry,
    ingest: IngestService,
    sink: CallEventSink,
    @InjectQueue(QueueName.CallEvents) callEvents: Queue,
  ) {
    readiness.add(
      pingCheck('redis', () => callEvents.getVersion()),
      amiSessionsCheck(() => ingest.sessions),
      warningCheck('gapFill', () => ingest.cdrWarnings()),
    );
    registry.contribute('ingest', (r) => {
      registerAmiSessionGauges(r, () => ingest.sessions);
      registerIngestBacklogGauge(r, () => sink.heldEvents);
    });
  }
}
