import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';

@Injectable()
export class WorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerService.name);
  // Until the queue processors arrive nothing else holds the event loop, and the process would exit at once.
  private keepAlive?: NodeJS.Timeout;

  onApplicationBootstrap(): void {
    this.keepAlive = setInterval(() => undefined, 60_000);
    this.logger.log('Worker ready (no queues yet)');
  }

  beforeApplicationShutdown(signal?: string): void {
    clearInterval(this.keepAlive);
    this.logger.log(`Worker stopping${signal ? ` on ${signal}` : ''}`);
  }
}
