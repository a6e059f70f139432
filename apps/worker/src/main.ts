import { getQueueToken } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { exitOnBootFailure } from '@app/config';
import { bootstrapStandaloneApp } from '@app/logging';
import { PersistenceModule } from '@app/persistence';
import { QueueModule, QueueName } from '@app/queue';
import { OpsHttpModule, pingCheck } from '@app/ops';
import { WorkerModule } from './worker.module';

/** The worker with its ops endpoint: ready while Redis and PostgreSQL answer. */
@Module({
  imports: [
    WorkerModule,
    OpsHttpModule.forRootAsync({
      imports: [QueueModule, PersistenceModule],
      inject: [getQueueToken(QueueName.CallEvents), DataSource],
      useFactory: (callEvents: Queue, dataSource: DataSource) => ({
        checks: [
          pingCheck('redis', () => callEvents.getVersion()),
          pingCheck('postgres', () => dataSource.query('SELECT 1')),
        ],
      }),
    }),
  ],
})
class WorkerProcessModule {}

bootstrapStandaloneApp(WorkerProcessModule, 'WorkerApp').catch(exitOnBootFailure);
