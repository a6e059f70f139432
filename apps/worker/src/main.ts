import { bootstrapStandaloneApp, exitOnBootFailure } from '@app/config';
import { WorkerModule } from './worker.module';

bootstrapStandaloneApp(WorkerModule, 'WorkerApp').catch(exitOnBootFailure);
