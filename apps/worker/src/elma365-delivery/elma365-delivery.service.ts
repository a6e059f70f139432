import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, type DeliveryPolicyConfig } from '@app/config';
import { type CardVerdict, cardVerdict, type WebhookPayloadV1 } from '@app/elma365';
import {
  type DeliveryToSend,
  type DeliveredNote,
  DeliveryLedger,
  DeliveryTarget,
  LIVE_EVENT_ATTEMPTS,
  LIVE_EVENT_RETRY_DELAY_MS,
  retryDelayMs,
  type DeliveryOutcome,
} from '@app/deliveries';
import {
  type DeliveryEntity,
  type DeliveryRepository,
  type DeliveryWithCallProgress,
  retryWhileDatabaseUnavailable,
} from '@app/persistence';
import { type Elma365DeliveryJob, RequestBudgetExhausted } from '@app/queue';
import { DeliveryBudget } from './delivery-budget.service';
import { DeliveryTurns } from './delivery-turns.service';
import {
  type DeliveryFailure,
  type DeliverySender,
  DeliverySenders,
  isDeliveryFailure,
} from './senders/delivery-sender';

const MARK_DELIVERED_RETRY_MS = 250;
const MARK_DELIVERED_PATIENCE_MS = 60_000;
const NOTHING_SENT: DeliveryOutcome = { kind: 'done', sent: false };
const SEND: CardVerdict = { send: true };

/**
 * Sends one ledger entry to its ELMA365 target: in per-call order, once, with the retry rules of its kind. A live
 * event that cannot arrive before the call's record is useless and is skipped; the record itself is never dropped.
 * Once the entry is settled, the call's next delivery gets its turn.
 */
@Injectable()
export class Elma365DeliveryService {
  private readonly logger = new Logger('Elma365Delivery');
  private readonly policy: DeliveryPolicyConfig;

  constructor(
    config: AppConfig,
    private readonly ledger: DeliveryLedger,
    private readonly senders: DeliverySenders,
    private readonly turns: DeliveryTurns,
    private readonly budget: DeliveryBudget,
  ) {
    this.policy = config.delivery;
  }

  async deliver(job: Elma365DeliveryJob): Promise<DeliveryOutcome> {
    const outcome = await this.attempt(job);
    if (outcome.kind === 'done' || outcome.kind === 'dead') {
      await this.turns.next(job.callId, job.target, false, outcome.kind === 'done' ? outcome.next : undefined);
    }
    return outcome;
  }

  private async attempt(job: Elma365DeliveryJob): Promise<DeliveryOutcome> {
    const { kind, target } = job;
    const sender = this.senders.forTarget(target);
    if (!sender) return NOTHING_SENT;
    // Its turn comes again when the earlier one is settled (a replayed dead letter, a job from before turns).
    const claimed = kind === 'live' ? await this.claimLive(job) : await this.ledger.readDurableTurn(job);
    if (!claimed) return NOTHING_SENT;
    const row = claimed.delivery;
    const sentAt = Date.now();
    let status: number | null;
    try {
      ({ status } = await sender.send(row.payload, kind));
    } catch (error) {
      if (error instanceof RequestBudgetExhausted) return { kind: 'wait', delayMs: error.waitMs, sent: false };
      if (!isDeliveryFailure(error)) throw error;
      await this.budget.requestSent(target, kind, error.status);
      return this.afterFailure(sender, job, row, row.attempts + 1, error);
    }
    await this.budget.requestSent(target, kind, status);
    const { next, liveAttempts } = await this.recordDelivered(row, status);
    this.measureDelivered(row, sentAt);
    // What the whole call cost in requests: the attempts counted before this one, this one, and its cards'.
    if (isWebhookRecord(row)) this.budget.callSettled(target, claimed.callAttempts + 1 + liveAttempts);
    return { kind: 'done', sent: true, next };
  }

  /**
   * A live event's turn: read with its call, judged by the card rule (a card whose phone stopped ringing may be
   * dropped while the budget is short), and claimed: from here on a send begins. Null when it does not go now.
   */
  private async claimLive(job: Elma365DeliveryJob): Promise<DeliveryToSend | null> {
    const found = await this.ledger.findWithCallProgress(job);
    if (!found || found.delivery.status !== 'pending' || found.earlierPending > 0) return null;
    const verdict = liveVerdict(found);
    if (!verdict.send) {
      await this.ledger.markSkipped(job, verdict.reason);
      return null;
    }
    const row = found.delivery;
    if (found.ringingOver && (await this.budget.isShort()) && (await this.turns.dropStale(row))) return null;
    if (!(await this.ledger.claimAttempt(job))) return null;
    return { delivery: row, callAttempts: 0 };
  }

  /** Card lag: from the phone's ring start (the PBX's time in the payload) to the NotifyStart being sent. */
  private measureDelivered(row: DeliveryEntity, sentAt: number): void {
    if (row.target !== DeliveryTarget.Elma365Webhook) return;
    const payload = row.payload as WebhookPayloadV1;
    if (payload.kind !== 'event' || payload.event.event !== 'NotifyStart') return;
    const ringingAt = Date.parse(payload.event.at);
    if (Number.isFinite(ringingAt)) this.budget.cardOpened(sentAt - ringingAt);
  }

  /** The call's record is settled: what the whole call cost in requests. */
  private async measureCall(row: DeliveryEntity): Promise<void> {
    const target = row.target;
    this.budget.callSettled(target, await this.ledger.attemptsOfCall(row.callId, target));
  }

  /**
   * ELMA365 has it: a failure to write that down must not send it again. While the database is unreachable this
   * waits for it (the job keeps its lock meanwhile); only after MARK_DELIVERED_PATIENCE_MS does the job fail and the
   * delivery repeat, with the same webhook-id the module ignores.
   */
  private recordDelivered(row: DeliveryEntity, status: number | null): Promise<DeliveredNote> {
    return retryWhileDatabaseUnavailable(() => this.ledger.markDelivered(row, status), {
      retryMs: MARK_DELIVERED_RETRY_MS,
      patienceMs: MARK_DELIVERED_PATIENCE_MS,
      onWait: () =>
        this.logger.warn(`[${row.target} ${row.eventKey}] delivered; waiting for the database to record it`),
    });
  }

  private async afterFailure(
    sender: DeliverySender,
    job: Elma365DeliveryJob,
    row: DeliveryEntity,
    attempt: number,
    error: DeliveryFailure,
  ): Promise<DeliveryOutcome> {
    const { eventKey, target, kind } = job;
    const reason = error.message;
    this.logger.warn(`[${target} ${eventKey}] attempt ${attempt} failed: ${reason}`);
    if (error.classification === 'rate_limited') {
      await this.ledger.markAttemptFailed(job, reason, error.status);
      const delayMs = error.retryAfterMs ?? 60_000;
      await this.budget.rateLimited(delayMs);
      return { kind: 'rate_limited', delayMs };
    }
    if (error.classification === 'permanent') {
      const markDead = (records?: DeliveryRepository) => this.ledger.markDead(job, reason, error.status, records);
      if (error.sentTo !== undefined && sender.settleUnlessMoved) {
        // ELMA365 refreshed the token: the old link answers 401/403/404 while the new one is being pushed. Whatever
        // the old link said tells nothing about the new one, so the delivery goes again at once, not counted.
        if (!(await sender.settleUnlessMoved(error.sentTo, markDead))) {
          this.logger.log(
            `[${target} ${eventKey}] the webhook link changed since this attempt: sending to the new one`,
          );
          return { kind: 'wait', delayMs: 0, sent: true };
        }
      } else {
        await markDead();
      }
      // A card refused for good is skipped (its moment passes before an operator could replay it).
      return kind === 'live' ? { kind: 'done', sent: true } : this.dead(row, reason);
    }
    if (kind === 'live') {
      if (attempt >= LIVE_EVENT_ATTEMPTS) {
        await this.ledger.markSkipped(job, `gave up: ${reason}`);
        return { kind: 'done', sent: true };
      }
      await this.ledger.markAttemptFailed(job, reason, error.status);
      return { kind: 'retry', delayMs: LIVE_EVENT_RETRY_DELAY_MS };
    }
    const schedule = this.policy.recordRetryScheduleMs;
    if (attempt > schedule.length) {
      await this.ledger.markDead(job, reason, error.status);
      return this.dead(row, reason);
    }
    await this.ledger.markAttemptFailed(job, reason, error.status);
    return { kind: 'retry', delayMs: retryDelayMs(schedule, attempt) };
  }

  private async dead(row: DeliveryEntity, error: string): Promise<DeliveryOutcome> {
    if (isWebhookRecord(row)) await this.measureCall(row);
    return { kind: 'dead', error };
  }
}

/** A card's event follows the card rule; any other live event is stale once its call's record is out. */
function liveVerdict({ delivery, recordDelivered, cardRows }: DeliveryWithCallProgress): CardVerdict {
  if (delivery.card) return cardVerdict(cardRows, delivery.seq, recordDelivered);
  return recordDelivered ? { send: false, reason: 'stale: the call record was delivered' } : SEND;
}

function isWebhookRecord(row: DeliveryEntity): boolean {
  return row.target === DeliveryTarget.Elma365Webhook && row.kind === 'record';
}
