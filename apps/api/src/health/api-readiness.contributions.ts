import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { budgetWarningCheck, pingCheck, ReadinessChecks } from '@app/ops';
import { DeliveryBudgetStore, QueueName } from '@app/queue';

/**
 * The stores the API needs, on the process's readiness list: Redis, PostgreSQL, and the ELMA365 request budget's
 * warning. Its AMI sessions are added by PbxActionsModule, where they live.
 */
@Injectable()
export class ApiReadinessContributions {
  constructor(
    readiness: ReadinessChecks,
    @InjectQueue(QueueName.CallEvents) queue: Queue,
    dataSource: DataSource,
    budget: DeliveryBudgetStore,
  ) {
    readiness.add(
      // A round trip through the queue's own connection: what the queues need is what is checked.
      pingCheck('redis', () => queue.getVersion()),
      pingCheck('postgres', () => dataSource.query('SELECT 1')),
      // A warning, not a dependency: listed (up) only while the request budget stays saturated.
      budgetWarningCheck(async () => (await budget.readWarning())?.message ?? null),
    );
  }
}
