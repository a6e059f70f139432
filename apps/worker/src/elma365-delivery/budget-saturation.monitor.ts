import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { BudgetSaturation, budgetSaturationMessage } from '@app/ops';
import { DeliveryBudgetStore } from '@app/queue';

/** How often the shared request window is sampled. */
export const BUDGET_SAMPLE_MS = 10_000;
/** The warning is repeated in the log this often while it lasts. */
const LOG_EVERY_MS = 10 * 60_000;

/**
 * Samples the requests every worker sent over the last minute against ELMA365_RATE_LIMIT_PER_MINUTE; when the budget
 * stays saturated for minutes, warns in the log and leaves the warning in Redis for /health/ready.
 */
@Injectable()
export class BudgetSaturationMonitor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Elma365Budget');
  private readonly saturation = new BudgetSaturation();
  private readonly limit: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  /** when the warning was last logged; null: not logged in this episode */
  private loggedAt: number | null = null;

  constructor(
    config: AppConfig,
    private readonly store: DeliveryBudgetStore,
  ) {
    this.limit = config.delivery.rateLimitPerMinute;
  }

  onApplicationBootstrap(): void {
    if (this.limit <= 0) return;
    this.timer = setInterval(() => this.tick(), BUDGET_SAMPLE_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One sample: warns (log, Redis) while saturated for long enough, clears the warning when it is over. */
  async sample(now = Date.now()): Promise<void> {
    const used = await this.store.requestsInWindow(now);
    const state = this.saturation.observe(used, this.limit, now);
    if (state.since !== null && state.lasting) {
      const message = budgetSaturationMessage(used, this.limit, state.since, now);
      await this.store.saveWarning({ message, since: new Date(state.since).toISOString() }, 3 * BUDGET_SAMPLE_MS);
      if (this.loggedAt === null || now - this.loggedAt >= LOG_EVERY_MS) {
        this.logger.warn(message);
        this.loggedAt = now;
      }
    } else if (this.loggedAt !== null && state.since === null) {
      await this.store.clearWarning();
      this.logger.log(`ELMA365 request budget no longer saturated: ${used} of ${this.limit} in the last minute`);
      this.loggedAt = null;
    }
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.sample()
      .catch((error: unknown) => this.logger.warn(`request budget not sampled: ${String(error)}`))
      .finally(() => (this.running = undefined));
  }
}
