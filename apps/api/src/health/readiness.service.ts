import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { budgetWarningCheck, type ComponentHealth, pingCheck, type ReadinessCheck } from '@app/ops';
import { DeliveryBudgetStore, QueueName } from '@app/queue';
import { PbxActionsService } from '../pbx/pbx-actions.service';

/** One component's answer, named; advisory ones are left out while they have nothing to say. */
export interface ComponentReadiness {
  readonly component: string;
  readonly health: ComponentHealth;
}

/**
 * What the connector needs to do its work: Redis, PostgreSQL and a logged-in AMI session per PBX, and the ELMA365
 * request budget's warning. The same checks (libs/ops) the bare ops server of a standalone ingest or worker asks.
 */
@Injectable()
export class ReadinessService {
  readonly checks: readonly ReadinessCheck[];

  constructor(
    @InjectQueue(QueueName.CallEvents) queue: Queue,
    dataSource: DataSource,
    pbxs: PbxActionsService,
    budget: DeliveryBudgetStore,
  ) {
    this.checks = [
      // A round trip through the queue's own connection: what the queues need is what is checked.
      pingCheck('redis', () => queue.getVersion()),
      pingCheck('postgres', () => dataSource.query('SELECT 1')),
      pbxSessionsCheck(pbxs),
      // A warning, not a dependency: listed (up) only while the request budget stays saturated.
      budgetWarningCheck(async () => (await budget.readWarning())?.message ?? null),
    ];
  }

  /** Asks every check at once. */
  async assess(): Promise<ComponentReadiness[]> {
    const asked = await Promise.all(this.checks.map(async (check) => ({ check, health: await check.check() })));
    return asked
      .filter(({ check, health }) => !check.advisory || Object.keys(health.details).length > 0)
      .map(({ check, health }) => ({ component: check.component, health }));
  }
}

/** The API's AMI sessions (click-to-call's, one per PBX): up while every one is logged in. */
function pbxSessionsCheck(pbxs: PbxActionsService): ReadinessCheck {
  return {
    component: 'ami',
    check(): Promise<ComponentHealth> {
      const all = pbxs.statuses();
      const details = Object.fromEntries(all.map((p) => [p.pbxId, p.connected ? 'connected' : 'disconnected']));
      return Promise.resolve({ status: all.every((p) => p.connected) ? 'up' : 'down', details });
    },
  };
}
