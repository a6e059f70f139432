import { getQueueToken } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { exitOnBootFailure } from '@app/config';
import { bootstrapStandaloneApp } from '@app/logging';
import { QueueModule, QueueName } from '@app/queue';
// No @app/ops path alias yet (tsconfig.json, jest.config.js): the lib is imported by its path until there is one.
import { amiSessionsCheck, OpsHttpModule, pingCheck, registerAmiSessionGauges } from '@app/ops';
import { IngestModule } from './ingest.module';
import { IngestService } from './ingest.service';

/** Ingest with its ops endpoint: ready while Redis answers and every PBX's AMI session is logged in. */
@Module({
  imports: [
    IngestModule,
    OpsHttpModule.forRootAsync({
      imports: [IngestModule, QueueModule],
      inject: [IngestService, getQueueToken(QueueName.CallEvents)],
      useFactory: (ingest: IngestService, callEvents: Queue) => ({
        checks: [pingCheck('redis', () => callEvents.getVersion()), amiSessionsCheck(() => ingest.sessions)],
        registerMetrics: (registry) => registerAmiSessionGauges(registry, () => ingest.sessions),
      }),
    }),
  ],
})
class IngestProcessModule {}

bootstrapStandaloneApp(IngestProcessModule, 'IngestApp').catch(exitOnBootFailure);
