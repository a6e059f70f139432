import { type DeliveryPolicyConfig, type Elma365WebhookConfig } from '@app/config';
import { Elma365DeliveryException, Elma365Exception, Elma365WebhookClient, type WebhookPayloadV1 } from '@app/elma365';
import type { DeliveryRepository, Elma365WebhookUrlProvider } from '@app/persistence';
import type { DeliveryFailure, DeliverySender } from './delivery-sender';
import { type DeliveryKind, DeliveryTarget } from '@app/deliveries';

/** The telephony module's webhook: the payload is the signed, versioned webhook body, sent to the current link. */
export class WebhookSender implements DeliverySender {
  readonly target = DeliveryTarget.Elma365Webhook;
  private readonly client: Elma365WebhookClient;

  constructor(
    webhook: Elma365WebhookConfig,
    private readonly policy: DeliveryPolicyConfig,
    private readonly links: Elma365WebhookUrlProvider,
  ) {
    this.client = new Elma365WebhookClient({ token: webhook.webhookToken, timeoutMs: policy.recordTimeoutMs });
  }

  async send(payload: unknown, kind: DeliveryKind): Promise<{ status: number }> {
    const timeoutMs = kind === 'live' ? this.policy.liveTimeoutMs : this.policy.recordTimeoutMs;
    const url = await this.links.current();
    try {
      return await this.client.send(payload as WebhookPayloadV1, { url, timeoutMs });
    } catch (error) {
      if (error instanceof Elma365DeliveryException) throw new WebhookAttemptFailure(error, url);
      throw error;
    }
  }

  settleUnlessMoved(sentTo: string, settle: (deliveries: DeliveryRepository) => Promise<void>): Promise<boolean> {
    return this.links.settleUnlessMoved(sentTo, settle);
  }
}

/** The client's failure and the link it went to; the link (it holds the token) is kept off what a logger prints. */
class WebhookAttemptFailure extends Elma365Exception implements DeliveryFailure {
  readonly #sentTo: string;

  constructor(failure: Elma365DeliveryException, sentTo: string) {
    super(failure.message, { ...failure, classification: failure.classification, cause: failure });
    this.name = failure.name;
    this.#sentTo = sentTo;
  }

  get sentTo(): string {
    return this.#sentTo;
  }
}
