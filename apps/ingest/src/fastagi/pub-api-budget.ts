import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { AppConfig, FastAgiConfig } from '@app/config';
import { PUB_API_BUDGET_KEY, RedisRequestBudget, redisConnection } from '@app/queue';

/**
 * The company's /pub/v1 budget as CRM routing spends it: one slot per request, shared through Redis with generic
 * mode's deliveries and every ingest. No Redis connection unless a limit is set and routing uses ELMA365.
 */
@Injectable()
export class PubApiBudget implements OnModuleDestroy {
  private readonly redis?: Redis;
  private readonly budget?: RedisRequestBudget;

  constructor(fastAgi: FastAgiConfig, config: AppConfig) {
    const limit = fastAgi.crm?.apiRateLimitPerMinute ?? 0;
    if (!fastAgi.enabled || limit <= 0) return;
    this.redis = new Redis({ ...(redisConnection(config.redis.url) as RedisOptions), lazyConnect: true });
    this.budget = new RedisRequestBudget(this.redis, PUB_API_BUDGET_KEY, limit);
  }

  /** @throws RequestBudgetExhausted when no slot is free this minute */
  async take(): Promise<void> {
    await this.budget?.take();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis && this.redis.status !== 'end') this.redis.disconnect();
  }
}
