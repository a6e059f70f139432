import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { MetricsRegistry } from './metrics.registry';
import { OpsHttpServer } from './ops-http.server';
import { ReadinessChecks } from './readiness-checks';

/** Serves the ops endpoint on OPS_HTTP_HOST:OPS_HTTP_PORT for the life of the app (not at all when the port is 0). */
@Injectable()
export class OpsHttpService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OpsHttp');
  private server?: OpsHttpServer;

  constructor(
    private readonly config: AppConfig,
    private readonly readiness: ReadinessChecks,
    private readonly registry: MetricsRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const settings = this.config.opsHttp;
    if (settings === null) {
      this.logger.debug('Ops endpoint off (OPS_HTTP_PORT=0)');
      return;
    }
    this.server = await OpsHttpServer.listen({ ...settings, checks: this.readiness.list, registry: this.registry });
    this.logger.log(`Health and metrics on ${this.server.url} (/health/live, /health/ready, /metrics)`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}
