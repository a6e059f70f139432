import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { AppConfig } from '@app/config';
import { Elma365WebhookSettingRepository, Elma365WebhookUrlProvider } from '@app/persistence';
import { PUB_API_BUDGET_KEY, RedisRequestBudget, redisConnection } from '@app/queue';
import { type DeliverySender, DeliverySenders } from './delivery-sender';
import { GenericSender } from './generic.sender';
import { WebhookSender } from './webhook.sender';
import type { DeliveryTarget } from '@app/deliveries';

/** One sender per target that the configuration turns on. */
@Injectable()
export class ConfiguredDeliverySenders extends DeliverySenders implements OnModuleDestroy {
  private readonly senders = new Map<DeliveryTarget, DeliverySender>();
  private readonly redis?: Redis;

  constructor(config: AppConfig, webhookSettings: Elma365WebhookSettingRepository) {
    super();
    if (config.elma365) {
      const links = new Elma365WebhookUrlProvider(webhookSettings, config.elma365.webhookUrl);
      this.add(new WebhookSender(config.elma365, config.delivery, links));
    }
    const generic = config.elma365Generic;
    if (generic) {
      this.redis = new Redis(redisConnection(config.redis.url) as RedisOptions);
      const budget = new RedisRequestBudget(this.redis, PUB_API_BUDGET_KEY, generic.apiRateLimitPerMinute);
      this.add(new GenericSender(generic, config.phone.defaultRegion, budget));
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis?.quit();
  }

  forTarget(target: DeliveryTarget): DeliverySender | undefined {
    return this.senders.get(target);
  }

  private add(sender: DeliverySender): void {
    this.senders.set(sender.target, sender);
  }
}
