import { type DeliveryPolicyConfig, type Elma365WebhookConfig } from '@app/config';
import { Elma365WebhookClient, type WebhookPayloadV1 } from '@app/elma365';
import { type DeliveryKind, DeliveryTarget } from '@app/queue';
import type { DeliverySender } from './delivery-sender';

/** The telephony module's webhook: the payload is the signed, versioned webhook body. */
export class WebhookSender implements DeliverySender {
  readonly target = DeliveryTarget.Elma365Webhook;
  private readonly client: Elma365WebhookClient;

  constructor(
    webhook: Elma365WebhookConfig,
    private readonly policy: DeliveryPolicyConfig,
  ) {
    this.client = new Elma365WebhookClient({
      url: webhook.webhookUrl,
      token: webhook.webhookToken,
      timeoutMs: policy.recordTimeoutMs,
    });
  }

  send(payload: unknown, kind: DeliveryKind): Promise<{ status: number }> {
    const timeoutMs = kind === 'live' ? this.policy.liveTimeoutMs : this.policy.recordTimeoutMs;
    return this.client.send(payload as WebhookPayloadV1, { timeoutMs });
  }
}
