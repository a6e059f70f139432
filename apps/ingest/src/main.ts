import { getQueueToken } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { exitOnBootFailure } from '@app/config';
import { bootstrapStandaloneApp } from '@app/logging';
import { QueueModule, QueueName } from '@app/queue';
import {
  amiSessionsCheck,
  OpsHttpModule,
  pingCheck,
  registerAmiSessionGauges,
  registerIngestBacklogGauge,
  warningCheck,
} from '@app/ops';
import { CallEventSink } from './call-event.sink';
import { IngestModule } from './ingest.module';
import { IngestService } from './ingest.service';

/**
 * Ingest with its ops endpoint: ready while Redis answers and every PBX's AMI session is logged in; a CDR file gap-fill
 * cannot rely on is a warning in the readiness details.
 */
@Module({
  imports: [
    IngestModule,
    OpsHttpModule.forRootAsync({
      imports: [IngestModule, QueueModule],
      inject: [IngestService, CallEventSink, getQueueToken(QueueName.CallEvents)],
      useFactory: (ingest: IngestService, sink: CallEventSink, callEvents: Queue) => ({
        checks: [
          pingCheck('redis', () => callEvents.getVersion()),
          amiSessionsCheck(() => ingest.sessions),
          warningCheck('gapFill', () => ingest.cdrWarnings()),
        ],
        registerMetrics: (registry) => {
          registerAmiSessionGauges(registry, () => ingest.sessions);
          registerIngestBacklogGauge(registry, () => sink.heldEvents);
        },
      }),
    }),
  ],
})
class IngestProcessModule {}

bootstrapStandaloneApp(IngestProcessModule, 'IngestApp').catch(exitOnBootFailure);
