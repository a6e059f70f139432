import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { DeliveryTarget } from '@app/queue';
import { type DeliverySender, DeliverySenders } from './delivery-sender';
import { GenericSender } from './generic.sender';
import { WebhookSender } from './webhook.sender';

/** One sender per target that the configuration turns on. */
@Injectable()
export class ConfiguredDeliverySenders extends DeliverySenders {
  private readonly senders = new Map<DeliveryTarget, DeliverySender>();

  constructor(config: AppConfig) {
    super();
    if (config.elma365) this.add(new WebhookSender(config.elma365, config.delivery));
    if (config.elma365Generic) this.add(new GenericSender(config.elma365Generic, config.phone.defaultRegion));
  }

  forTarget(target: DeliveryTarget): DeliverySender | undefined {
    return this.senders.get(target);
  }

  private add(sender: DeliverySender): void {
    this.senders.set(sender.target, sender);
  }
}
