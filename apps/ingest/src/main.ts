import { Module } from '@nestjs/common';
import { exitOnBootFailure } from '@app/config';
import { bootstrapStandaloneApp } from '@app/logging';
import { OpsHttpModule } from '@app/ops';
import { IngestModule } from './ingest.module';

/** Ingest with its ops endpoint, which serves what IngestModule put on the process's readiness list and registry. */
@Module({ imports: [IngestModule, OpsHttpModule] })
class IngestProcessModule {}

bootstrapStandaloneApp(IngestProcessModule, 'IngestApp').catch(exitOnBootFailure);
