import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import {
  budgetWarningCheck,
  DeliveryMetrics,
  MetricsRegistry,
  pingCheck,
  ReadinessChecks,
  registerDeliveryBudgetGauges,
} from '@app/ops';
import { DeliveryBudgetStore, QueueName } from '@app/queue';

/**
 * What the worker adds to the process's readiness and metrics, wherever it runs: ready while Redis and PostgreSQL
 * answer; the ELMA365 budget's warning; the deliveries' counters and the budget's gauges.
 */
@Injectable()
export class WorkerOpsContributions {
  constructor(
    readiness: ReadinessChecks,
    registry: MetricsRegistry,
    metrics: DeliveryMetrics,
    budget: DeliveryBudgetStore,
    dataSource: DataSource,
    config: AppConfig,
    @InjectQueue(QueueName.CallEvents) callEvents: Queue,
  ) {
    readiness.add(
      pingCheck('redis', () => callEvents.getVersion()),
      pingCheck('postgres', () => dataSource.query('SELECT 1')),
      budgetWarningCheck(async () => (await budget.readWarning())?.message ?? null),
    );
    registry.contribute('deliveries', (r) => metrics.registerOn(r));
    registry.contribute('delivery-budget', (r) =>
      registerDeliveryBudgetGauges(r, {
        limitPerMinute: config.delivery.rateLimitPerMinute,
        used: () => budget.requestsInWindow(),
        saturated: async () => (await budget.readWarning()) !== null,
      }),
    );
  }
}
