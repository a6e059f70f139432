import { Gauge, type Registry } from 'prom-client';

/** The ELMA365 request budget as all workers share it (in Redis), read when Prometheus scrapes. */
export interface DeliveryBudgetSource {
  /** ELMA365_RATE_LIMIT_PER_MINUTE; 0: no limit */
  readonly limitPerMinute: number;
  /** requests sent to ELMA365 over the last minute, by every worker */
  used(): Promise<number>;
  /** the budget has stayed saturated long enough for the warning */
  saturated(): Promise<boolean>;
}

export function registerDeliveryBudgetGauges(registry: Registry, budget: DeliveryBudgetSource): void {
  new Gauge({
    name: 'connector_elma365_budget_used',
    help: 'Requests sent to ELMA365 over the last minute by every worker (compare with connector_elma365_budget_limit)',
    registers: [registry],
    async collect() {
      this.set(await budget.used());
    },
  });
  new Gauge({
    name: 'connector_elma365_budget_limit',
    help: 'ELMA365_RATE_LIMIT_PER_MINUTE: requests a minute the connector may send to ELMA365 (0: no limit)',
    registers: [registry],
    collect() {
      this.set(budget.limitPerMinute);
    },
  });
  new Gauge({
    name: 'connector_elma365_budget_saturated',
    help: '1 while the request budget has stayed at 90 % of the limit or more for minutes (see /health/ready)',
    registers: [registry],
    async collect() {
      this.set((await budget.saturated()) ? 1 : 0);
    },
  });
}
