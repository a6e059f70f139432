import type { DeliveryRepository } from './delivery.repository';
import type { Elma365WebhookSettingRepository } from './elma365-webhook-setting.repository';

/** One small query per this long per worker, however many deliveries: every replica follows a new link within it. */
export const WEBHOOK_URL_CACHE_MS = 2_000;

export interface Elma365WebhookUrlProviderOptions {
  readonly cacheMs?: number;
  readonly nowMs?: () => number;
}

/**
 * The webhook link deliveries use now: the one ELMA365 pushed last, else ELMA365_WEBHOOK_URL (the initial value).
 * Read through a short cache: deliveries are a hot path, and a stale link is caught by `settleUnlessMoved`.
 */
export class Elma365WebhookUrlProvider {
  private readonly cacheMs: number;
  private readonly nowMs: () => number;
  private cached?: { readonly url: string; readonly readAtMs: number };
  private reading?: Promise<string>;

  constructor(
    private readonly settings: Elma365WebhookSettingRepository,
    private readonly initialUrl: string,
    options: Elma365WebhookUrlProviderOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? WEBHOOK_URL_CACHE_MS;
    this.nowMs = options.nowMs ?? Date.now;
  }

  /** At most `cacheMs` old; concurrent callers share one query. */
  async current(): Promise<string> {
    if (this.cached && this.nowMs() - this.cached.readAtMs < this.cacheMs) return this.cached.url;
    this.reading ??= this.settings
      .find()
      .then((stored) => this.remember(stored?.url ?? this.initialUrl))
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  /**
   * A delivery `sentTo` a link was refused for good: `settle` (its dead-lettering) runs only while that link is
   * still the current one, read past the cache. Answers false, without settling, when the link moved meanwhile:
   * the refusal says nothing about the new link, so the delivery should go again at once.
   */
  async settleUnlessMoved(sentTo: string, settle: (deliveries: DeliveryRepository) => Promise<void>): Promise<boolean> {
    return this.settings.whileUnchanged(async (stored, deliveries) => {
      if (this.remember(stored?.url ?? this.initialUrl) !== sentTo) return false;
      await settle(deliveries);
      return true;
    });
  }

  private remember(url: string): string {
    this.cached = { url, readAtMs: this.nowMs() };
    return url;
  }
}
