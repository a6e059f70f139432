import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '@app/config';
import { DeliveryMetrics } from '@app/ops';
import { BUDGET_WINDOW_MS, DeliveryBudgetStore, QueueName } from '@app/queue';
import { type DeliveryKind, DeliveryTarget } from '@app/deliveries';

/** After a 429 the budget counts as short for at least one of ELMA365's budget windows. */
const RATE_LIMITED_MEMORY_MS = BUDGET_WINDOW_MS;

/**
 * The ELMA365 request budget as the deliveries see it: whether it is short (a limit is set, or ELMA365 answered 429
 * lately), what each request spends, and slots of BullMQ's global limiter given back by jobs that sent nothing.
 */
@Injectable()
export class DeliveryBudget {
  private readonly limitPerMinute: number;

  constructor(
    config: AppConfig,
    private readonly store: DeliveryBudgetStore,
    private readonly metrics: DeliveryMetrics,
    @InjectQueue(QueueName.Elma365Delivery) private readonly queue: Queue,
  ) {
    this.limitPerMinute = config.delivery.rateLimitPerMinute;
  }

  /** Short: a card whose moment passed before its turn is dropped rather than sent late. */
  async isShort(): Promise<boolean> {
    return this.limitPerMinute > 0 || (await this.store.rateLimitedRecently());
  }

  async rateLimited(retryAfterMs: number): Promise<void> {
    await this.store.noteRateLimited(Math.max(retryAfterMs, RATE_LIMITED_MEMORY_MS));
  }

  /**
   * A request went to ELMA365 (answered or not): it spent a slot of the budget. `status`: the HTTP status, null when
   * the client reports none for a success, undefined when nothing answered.
   */
  async requestSent(target: DeliveryTarget, kind: DeliveryKind, status: number | null | undefined): Promise<void> {
    const answer = status === undefined ? 'no_answer' : status === null ? '2xx' : String(status);
    this.metrics.requests.inc({ target, kind, status: answer });
    await this.store.recordRequest();
  }

  /** A NotifyStart reached ELMA365 `lagMs` after the phone began ringing. */
  cardOpened(lagMs: number): void {
    this.metrics.cardLag.observe(Math.max(0, lagMs) / 1000);
  }

  callSettled(target: DeliveryTarget, requests: number): void {
    this.metrics.requestsPerCall.observe({ target }, requests);
  }

  cardDropped(target: DeliveryTarget): void {
    this.metrics.staleCards.inc({ target });
  }

  /**
   * A job the global limiter counted when it started (`startedAtMs`, its processedOn) sent nothing: the slot goes
   * back, so waiting and dropping never spend the budget. Nothing to give back without a limit.
   */
  async refundUnusedSlot(startedAtMs: number | undefined): Promise<void> {
    if (this.limitPerMinute <= 0 || startedAtMs === undefined) return;
    await this.store.refundLimiterSlot(this.queue.keys.limiter, startedAtMs, BUDGET_WINDOW_MS);
  }
}
