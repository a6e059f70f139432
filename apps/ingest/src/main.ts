import { bootstrapStandaloneApp, exitOnBootFailure } from '@app/config';
import { IngestModule } from './ingest.module';

bootstrapStandaloneApp(IngestModule, 'IngestApp').catch(exitOnBootFailure);
