import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, type Elma365DeliveryConfig } from '@app/config';
import { Elma365DeliveryException, Elma365WebhookClient, type WebhookPayloadV1 } from '@app/elma365';
import { DeliveryRepository } from '@app/persistence';
import { type Elma365DeliveryJob, LIVE_EVENT_ATTEMPTS, LIVE_EVENT_RETRY_DELAY_MS, retryDelayMs } from '@app/queue';
import type { DeliveryOutcome } from './delivery-outcome';
import { ELMA365_WEBHOOK_TARGET } from './elma365-target';

const ORDER_WAIT_MS = 250;

/**
 * Sends one ledger entry to ELMA365: in per-call order, once, with the retry rules of its kind. A live card that
 * cannot arrive before the call's record is useless and is skipped; the record itself is never dropped.
 */
@Injectable()
export class Elma365DeliveryService {
  private readonly logger = new Logger('Elma365Delivery');
  private readonly settings: Elma365DeliveryConfig | null;
  private readonly client: Elma365WebhookClient | null;

  constructor(
    config: AppConfig,
    private readonly deliveries: DeliveryRepository,
  ) {
    this.settings = config.elma365;
    this.client =
      this.settings &&
      new Elma365WebhookClient({
        url: this.settings.webhookUrl,
        token: this.settings.webhookToken,
        timeoutMs: this.settings.recordTimeoutMs,
      });
  }

  async deliver({ eventKey, callId, kind }: Elma365DeliveryJob): Promise<DeliveryOutcome> {
    const row = await this.deliveries.find(eventKey, ELMA365_WEBHOOK_TARGET);
    if (!row || row.status !== 'pending' || !this.client || !this.settings) return { kind: 'done' };
    if (kind === 'live' && (await this.deliveries.isRecordDelivered(callId, ELMA365_WEBHOOK_TARGET))) {
      await this.deliveries.markSkipped(eventKey, ELMA365_WEBHOOK_TARGET, 'stale: the call record was delivered');
      return { kind: 'done' };
    }
    if ((await this.deliveries.earlierUndelivered(callId, ELMA365_WEBHOOK_TARGET, row.seq)) > 0) {
      return { kind: 'wait', delayMs: ORDER_WAIT_MS };
    }
    const timeoutMs = kind === 'live' ? this.settings.liveTimeoutMs : this.settings.recordTimeoutMs;
    try {
      const { status } = await this.client.send(row.payload as WebhookPayloadV1, { timeoutMs });
      await this.deliveries.markDelivered(eventKey, ELMA365_WEBHOOK_TARGET, status);
      return { kind: 'done' };
    } catch (error) {
      if (!(error instanceof Elma365DeliveryException)) throw error;
      return this.afterFailure(eventKey, kind, row.attempts + 1, error);
    }
  }

  private async afterFailure(
    eventKey: string,
    kind: Elma365DeliveryJob['kind'],
    attempt: number,
    error: Elma365DeliveryException,
  ): Promise<DeliveryOutcome> {
    const reason = error.message;
    this.logger.warn(`[${eventKey}] attempt ${attempt} failed: ${reason}`);
    if (error.classification === 'rate_limited') {
      await this.deliveries.markAttemptFailed(eventKey, ELMA365_WEBHOOK_TARGET, reason, error.status);
      return { kind: 'rate_limited', delayMs: error.retryAfterMs ?? 60_000 };
    }
    if (error.classification === 'permanent') {
      await this.deliveries.markDead(eventKey, ELMA365_WEBHOOK_TARGET, reason, error.status);
      return { kind: 'dead', error: reason };
    }
    if (kind === 'live') {
      if (attempt >= LIVE_EVENT_ATTEMPTS) {
        await this.deliveries.markSkipped(eventKey, ELMA365_WEBHOOK_TARGET, `gave up: ${reason}`);
        return { kind: 'done' };
      }
      await this.deliveries.markAttemptFailed(eventKey, ELMA365_WEBHOOK_TARGET, reason, error.status);
      return { kind: 'retry', delayMs: LIVE_EVENT_RETRY_DELAY_MS };
    }
    const schedule = this.settings?.recordRetryScheduleMs ?? [];
    if (attempt > schedule.length) {
      await this.deliveries.markDead(eventKey, ELMA365_WEBHOOK_TARGET, reason, error.status);
      return { kind: 'dead', error: reason };
    }
    await this.deliveries.markAttemptFailed(eventKey, ELMA365_WEBHOOK_TARGET, reason, error.status);
    return { kind: 'retry', delayMs: retryDelayMs(schedule, attempt) };
  }
}
