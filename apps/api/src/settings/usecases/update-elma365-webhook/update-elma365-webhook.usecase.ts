import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { isAllowedWebhookHost, maskWebhookUrl } from '@app/elma365';
import { DeliveryRepository, Elma365WebhookSettingRepository } from '@app/persistence';
import { Elma365DeliveryProducer } from '@app/queue';
import type { Elma365WebhookSettingResponse } from '../../dto/elma365-webhook-setting.response';
import { Elma365WebhookHostNotAllowedException, Elma365WebhookNotConfiguredException } from '../../settings.exception';
import { DeliveryTarget } from '@app/deliveries';

/** What an old link answers once ELMA365 refreshed the token. */
const REFUSED_BY_OLD_LINK = [401, 403, 404];
const REPLAY_PAGE = 500;

/**
 * ELMA365 pushed a new webhook link (VoipOnWebhookUpdated, after a token refresh): store it (every worker follows
 * within seconds) and send again the call records the old link refused meanwhile. Live cards are left alone: by now
 * their calls are over and they would be skipped as stale anyway.
 */
@Injectable()
export class UpdateElma365WebhookUseCase {
  private readonly logger = new Logger('Settings');

  constructor(
    private readonly config: AppConfig,
    private readonly settings: Elma365WebhookSettingRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly producer: Elma365DeliveryProducer,
  ) {}

  async execute(url: string, apiKeyId: string | undefined): Promise<Elma365WebhookSettingResponse> {
    const webhook = this.config.elma365;
    if (!webhook) throw new Elma365WebhookNotConfiguredException();
    if (!isAllowedWebhookHost(url, webhook.allowedHosts)) {
      throw new Elma365WebhookHostNotAllowedException(new URL(url).hostname, webhook.allowedHosts);
    }
    const previous = (await this.settings.find())?.url ?? webhook.webhookUrl;
    const stored = await this.settings.save(url);
    const replayed = await this.replayRefusedByOldLink();
    this.logger.log(
      `ELMA365 webhook link changed (API key ${apiKeyId ?? '-'}): ${maskWebhookUrl(previous)} -> ` +
        `${maskWebhookUrl(stored.url)}; ${replayed} dead call record(s) refused by the old link scheduled again`,
    );
    return { url: maskWebhookUrl(stored.url), source: 'elma365', updatedAt: stored.updatedAt.toISOString() };
  }

  private async replayRefusedByOldLink(): Promise<number> {
    const seen = new Set<string>();
    let replayed = 0;
    for (;;) {
      const page = await this.deliveries.listDeadWithStatus(
        DeliveryTarget.Elma365Webhook,
        'record',
        REFUSED_BY_OLD_LINK,
        REPLAY_PAGE,
      );
      // A replayed record the new link refuses too dies again: each is replayed once, not in a loop.
      const fresh = page.filter((row) => !seen.has(row.eventKey));
      if (fresh.length === 0) return replayed;
      for (const row of fresh) {
        seen.add(row.eventKey);
        if (!(await this.deliveries.resetToPending(row.eventKey, row.target))) continue;
        const target = DeliveryTarget.Elma365Webhook;
        await this.producer.ensureQueued({ eventKey: row.eventKey, callId: row.callId, kind: row.kind, target }, () =>
          this.deliveries.isPending(row.eventKey, target),
        );
        replayed++;
      }
    }
  }
}
