import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@app/config';

@Injectable()
export class WorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Worker');

  constructor(private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    const target = this.config.elma365
      ? 'storing calls and delivering to ELMA365'
      : 'storing calls (no ELMA365 webhook)';
    this.logger.log(`Worker ready: ${target}`);
  }

  beforeApplicationShutdown(signal?: string): void {
    this.logger.log(`Worker stopping${signal ? ` on ${signal}` : ''}`);
  }
}
