import { exitOnBootFailure } from '@app/config';
import { bootstrapStandaloneApp } from '@app/logging';
import { IngestModule } from './ingest.module';

bootstrapStandaloneApp(IngestModule, 'IngestApp').catch(exitOnBootFailure);
