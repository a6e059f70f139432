import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { withTimeout } from '@app/ops';
import { DeliveryBudgetStore, QueueName } from '@app/queue';
import { PbxActionsService } from '../pbx/pbx-actions.service';

const CHECK_TIMEOUT_MS = 2000;

/** What the connector needs to do its work: Redis, PostgreSQL and a logged-in AMI session per PBX. */
@Injectable()
export class ReadinessService {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectQueue(QueueName.CallEvents) private readonly queue: Queue,
    private readonly dataSource: DataSource,
    private readonly pbxs: PbxActionsService,
    private readonly budget: DeliveryBudgetStore,
  ) {}

  /**
   * The ELMA365 request budget's warning while it has stayed saturated for minutes (the workers leave it in Redis):
   * up, with the warning, or saying it could not tell; null while there is nothing to say. Never down.
   */
  async elma365Budget(): Promise<HealthIndicatorResult | null> {
    const budget = this.indicators.check('elma365Budget');
    try {
      const warning = await withTimeout(this.budget.readWarning(), CHECK_TIMEOUT_MS);
      return warning ? budget.up({ warning: warning.message }) : null;
    } catch (error) {
      // Redis being away is the redis check's finding (503); this only says the budget could not be read.
      return budget.up({ unknown: error instanceof Error ? error.message : String(error) });
    }
  }

  async redis(): Promise<HealthIndicatorResult> {
    return await this.indicators
      .check('redis')
      .attempt(async () => {
        // A round trip through the queue's own connection: what the queues need is what is checked.
        await this.queue.getVersion();
        return {};
      })
      .withTimeout(CHECK_TIMEOUT_MS);
  }

  async postgres(): Promise<HealthIndicatorResult> {
    return await this.indicators
      .check('postgres')
      .attempt(async () => {
        await this.dataSource.query('SELECT 1');
        return {};
      })
      .withTimeout(CHECK_TIMEOUT_MS);
  }

  ami(): HealthIndicatorResult {
    const pbxs = this.pbxs.statuses();
    const session = this.indicators.check('ami');
    const data = Object.fromEntries(pbxs.map((p) => [p.pbxId, p.connected ? 'connected' : 'disconnected']));
    return pbxs.every((p) => p.connected) ? session.up(data) : session.down(data);
  }
}
