import { exitOnBootFailure } from '@app/config';
import { bootstrapStandaloneApp } from '@app/logging';
import { WorkerModule } from './worker.module';

bootstrapStandaloneApp(WorkerModule, 'WorkerApp').catch(exitOnBootFailure);
