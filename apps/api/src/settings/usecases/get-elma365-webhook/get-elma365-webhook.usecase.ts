import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { maskWebhookUrl } from '@app/elma365';
import { Elma365WebhookSettingRepository } from '@app/persistence';
import type { Elma365WebhookSettingResponse } from '../../dto/elma365-webhook-setting.response';
import { Elma365WebhookNotConfiguredException } from '../../settings.exception';

/** The link deliveries use: the one ELMA365 pushed, else ELMA365_WEBHOOK_URL. */
@Injectable()
export class GetElma365WebhookUseCase {
  constructor(
    private readonly config: AppConfig,
    private readonly settings: Elma365WebhookSettingRepository,
  ) {}

  async execute(): Promise<Elma365WebhookSettingResponse> {
    if (!this.config.elma365) throw new Elma365WebhookNotConfiguredException();
    const stored = await this.settings.find();
    if (stored === null) {
      return { url: maskWebhookUrl(this.config.elma365.webhookUrl), source: 'environment', updatedAt: null };
    }
    return { url: maskWebhookUrl(stored.url), source: 'elma365', updatedAt: stored.updatedAt.toISOString() };
  }
}
