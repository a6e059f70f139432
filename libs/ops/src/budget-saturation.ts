/** When the request budget counts as saturated, and for how long before it is worth a warning. */
export interface BudgetSaturationOptions {
  /** share of the limit used over the last minute */
  readonly share: number;
  /** how long it must last */
  readonly forMs: number;
  /** a sample under the share this soon after a saturated one does not end the episode (window edges) */
  readonly graceMs: number;
}

export const DEFAULT_BUDGET_SATURATION: BudgetSaturationOptions = { share: 0.9, forMs: 3 * 60_000, graceMs: 20_000 };

export interface BudgetSaturationState {
  /** since when the budget has been saturated; null: it is not */
  readonly since: number | null;
  /** saturated for at least `forMs`: warn */
  readonly lasting: boolean;
}

/**
 * Follows samples of the budget (requests over the last minute against the limit) and tells when it has stayed
 * saturated for minutes: a limit too low for the traffic, so cards wait and late ones are dropped.
 */
export class BudgetSaturation {
  private since: number | null = null;
  private lastSaturatedAt = 0;

  constructor(private readonly options: BudgetSaturationOptions = DEFAULT_BUDGET_SATURATION) {}

  observe(used: number, limit: number, nowMs: number): BudgetSaturationState {
    if (limit > 0 && used >= limit * this.options.share) {
      this.since ??= nowMs;
      this.lastSaturatedAt = nowMs;
    } else if (this.since !== null && nowMs - this.lastSaturatedAt > this.options.graceMs) {
      this.since = null;
    }
    return { since: this.since, lasting: this.since !== null && nowMs - this.since >= this.options.forMs };
  }
}

/** The warning, naming the formula for a better limit (CONTRACT §4: the SaaS scripts budget). */
export function budgetSaturationMessage(used: number, limit: number, sinceMs: number, nowMs: number): string {
  const minutes = Math.max(1, Math.floor((nowMs - sinceMs) / 60_000));
  return (
    `ELMA365 request budget saturated for ${minutes} min: ${used} of ELMA365_RATE_LIMIT_PER_MINUTE=${limit} requests ` +
    `used in the last minute, so live cards wait and late ones are dropped as stale. ELMA365 SaaS runs module ` +
    `scripts 60 + 10 × licences times a minute, shared with the company's other scripts (20 licences: 260): ` +
    `raise ELMA365_RATE_LIMIT_PER_MINUTE to the share of that the connector may use.`
  );
}
