import { getQueueToken } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig, exitOnBootFailure } from '@app/config';
import { bootstrapStandaloneApp } from '@app/logging';
import { PersistenceModule } from '@app/persistence';
import { DeliveryBudgetStore, QueueModule, QueueName } from '@app/queue';
import { budgetWarningCheck, DeliveryMetrics, OpsHttpModule, pingCheck, registerDeliveryBudgetGauges } from '@app/ops';
import { WorkerModule } from './worker.module';

/** The worker with its ops endpoint: ready while Redis and PostgreSQL answer; the ELMA365 budget's warning shown. */
@Module({
  imports: [
    WorkerModule,
    OpsHttpModule.forRootAsync({
      imports: [QueueModule, PersistenceModule, WorkerModule],
      inject: [getQueueToken(QueueName.CallEvents), DataSource, DeliveryBudgetStore, DeliveryMetrics, AppConfig],
      useFactory: (
        callEvents: Queue,
        dataSource: DataSource,
        budget: DeliveryBudgetStore,
        metrics: DeliveryMetrics,
        config: AppConfig,
      ) => ({
        checks: [
          pingCheck('redis', () => callEvents.getVersion()),
          pingCheck('postgres', () => dataSource.query('SELECT 1')),
          budgetWarningCheck(async () => (await budget.readWarning())?.message ?? null),
        ],
        registerMetrics: (registry) => {
          metrics.registerOn(registry);
          registerDeliveryBudgetGauges(registry, {
            limitPerMinute: config.delivery.rateLimitPerMinute,
            used: () => budget.requestsInWindow(),
            saturated: async () => (await budget.readWarning()) !== null,
          });
        },
      }),
    }),
  ],
})
class WorkerProcessModule {}

bootstrapStandaloneApp(WorkerProcessModule, 'WorkerApp').catch(exitOnBootFailure);
