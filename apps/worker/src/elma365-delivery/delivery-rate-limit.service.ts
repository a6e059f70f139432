import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '@app/config';
import { BUDGET_WINDOW_MS, QueueName } from '@app/queue';

/** The configured requests-per-minute, kept in Redis so every worker replica shares one budget. */
@Injectable()
export class DeliveryRateLimitService implements OnModuleInit {
  private readonly logger = new Logger('Elma365Delivery');

  constructor(
    private readonly config: AppConfig,
    @InjectQueue(QueueName.Elma365Delivery) private readonly queue: Queue,
  ) {}

  async onModuleInit(): Promise<void> {
    const perMinute = this.config.delivery.rateLimitPerMinute;
    if (perMinute > 0) {
      await this.queue.setGlobalRateLimit(perMinute, BUDGET_WINDOW_MS);
      this.logger.log(`ELMA365 rate limit: ${perMinute} requests per minute`);
    } else {
      await this.queue.removeGlobalRateLimit();
    }
  }
}
