import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, type DeliveryPolicyConfig } from '@app/config';
import { DeliveryRepository, retryWhileDatabaseUnavailable } from '@app/persistence';
import {
  type DeliveryTarget,
  type Elma365DeliveryJob,
  LIVE_EVENT_ATTEMPTS,
  LIVE_EVENT_RETRY_DELAY_MS,
  RequestBudgetExhausted,
  retryDelayMs,
} from '@app/queue';
import type { DeliveryOutcome } from './delivery-outcome';
import {
  type DeliveryFailure,
  type DeliverySender,
  DeliverySenders,
  isDeliveryFailure,
} from './senders/delivery-sender';

const ORDER_WAIT_MS = 250;
const MARK_DELIVERED_RETRY_MS = 250;
const MARK_DELIVERED_PATIENCE_MS = 60_000;

/**
 * Sends one ledger entry to its ELMA365 target: in per-call order, once, with the retry rules of its kind. A live
 * event that cannot arrive before the call's record is useless and is skipped; the record itself is never dropped.
 */
@Injectable()
export class Elma365DeliveryService {
  private readonly logger = new Logger('Elma365Delivery');
  private readonly policy: DeliveryPolicyConfig;

  constructor(
    config: AppConfig,
    private readonly deliveries: DeliveryRepository,
    private readonly senders: DeliverySenders,
  ) {
    this.policy = config.delivery;
  }

  async deliver({ eventKey, kind, target }: Elma365DeliveryJob): Promise<DeliveryOutcome> {
    const found = await this.deliveries.findWithCallProgress(eventKey, target);
    const sender = this.senders.forTarget(target);
    if (!found || found.delivery.status !== 'pending' || !sender) return { kind: 'done' };
    const row = found.delivery;
    if (kind === 'live' && found.recordDelivered) {
      await this.deliveries.markSkipped(eventKey, target, 'stale: the call record was delivered');
      return { kind: 'done' };
    }
    if (found.earlierPending > 0) return { kind: 'wait', delayMs: ORDER_WAIT_MS };
    let status: number | null;
    try {
      ({ status } = await sender.send(row.payload, kind));
    } catch (error) {
      if (error instanceof RequestBudgetExhausted) return { kind: 'wait', delayMs: error.waitMs };
      if (!isDeliveryFailure(error)) throw error;
      return this.afterFailure(sender, eventKey, target, kind, row.attempts + 1, error);
    }
    await this.recordDelivered(eventKey, target, status);
    return { kind: 'done' };
  }

  /**
   * ELMA365 has it: a failure to write that down must not send it again. While the database is unreachable this
   * waits for it (the job keeps its lock meanwhile); only after MARK_DELIVERED_PATIENCE_MS does the job fail and the
   * delivery repeat, with the same webhook-id the module ignores.
   */
  private async recordDelivered(eventKey: string, target: DeliveryTarget, status: number | null): Promise<void> {
    await retryWhileDatabaseUnavailable(() => this.deliveries.markDelivered(eventKey, target, status), {
      retryMs: MARK_DELIVERED_RETRY_MS,
      patienceMs: MARK_DELIVERED_PATIENCE_MS,
      onWait: () => this.logger.warn(`[${target} ${eventKey}] delivered; waiting for the database to record it`),
    });
  }

  private async afterFailure(
    sender: DeliverySender,
    eventKey: string,
    target: DeliveryTarget,
    kind: Elma365DeliveryJob['kind'],
    attempt: number,
    error: DeliveryFailure,
  ): Promise<DeliveryOutcome> {
    const reason = error.message;
    this.logger.warn(`[${target} ${eventKey}] attempt ${attempt} failed: ${reason}`);
    if (error.classification === 'rate_limited') {
      await this.deliveries.markAttemptFailed(eventKey, target, reason, error.status);
      return { kind: 'rate_limited', delayMs: error.retryAfterMs ?? 60_000 };
    }
    if (error.classification === 'permanent') {
      const markDead = (deliveries: DeliveryRepository) => deliveries.markDead(eventKey, target, reason, error.status);
      if (error.sentTo !== undefined && sender.settleUnlessMoved) {
        // ELMA365 refreshed the token: the old link answers 401/403/404 while the new one is being pushed. Whatever
        // the old link said tells nothing about the new one, so the delivery goes again at once, not counted.
        if (!(await sender.settleUnlessMoved(error.sentTo, markDead))) {
          this.logger.log(
            `[${target} ${eventKey}] the webhook link changed since this attempt: sending to the new one`,
          );
          return { kind: 'wait', delayMs: 0 };
        }
      } else {
        await markDead(this.deliveries);
      }
      return { kind: 'dead', error: reason };
    }
    if (kind === 'live') {
      if (attempt >= LIVE_EVENT_ATTEMPTS) {
        await this.deliveries.markSkipped(eventKey, target, `gave up: ${reason}`);
        return { kind: 'done' };
      }
      await this.deliveries.markAttemptFailed(eventKey, target, reason, error.status);
      return { kind: 'retry', delayMs: LIVE_EVENT_RETRY_DELAY_MS };
    }
    const schedule = this.policy.recordRetryScheduleMs;
    if (attempt > schedule.length) {
      await this.deliveries.markDead(eventKey, target, reason, error.status);
      return { kind: 'dead', error: reason };
    }
    await this.deliveries.markAttemptFailed(eventKey, target, reason, error.status);
    return { kind: 'retry', delayMs: retryDelayMs(schedule, attempt) };
  }
}
