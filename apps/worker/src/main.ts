import { Module } from '@nestjs/common';
import { exitOnBootFailure } from '@app/config';
import { bootstrapStandaloneApp } from '@app/logging';
import { OpsHttpModule } from '@app/ops';
import { WorkerModule } from './worker.module';

/** The worker with its ops endpoint, which serves what WorkerModule put on the process's readiness list and registry. */
@Module({ imports: [WorkerModule, OpsHttpModule] })
class WorkerProcessModule {}

bootstrapStandaloneApp(WorkerProcessModule, 'WorkerApp').catch(exitOnBootFailure);
