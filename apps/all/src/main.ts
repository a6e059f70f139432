import { exitOnBootFailure } from '@app/config';
import { bootstrapHttpApp } from '../../api/src/http-app.bootstrap';
import { AllModule } from './all.module';

// The small-office default: ingest, worker and API in one process.
bootstrapHttpApp(AllModule, 'AllApp').catch(exitOnBootFailure);
