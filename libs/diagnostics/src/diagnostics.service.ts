import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '@app/config';
import { Elma365WebhookSettingRepository } from '@app/persistence';
import { RedisEventClassStore } from './ami-event-class.recorder';
import type { DiagnosticsReport } from './diagnostic-check';
import { diagnosticsRedis } from './diagnostics-sources';
import { runDiagnostics } from './diagnostics.runner';
import { SingleFlightCache } from './single-flight-cache';

/** A report this young is answered again rather than checked again (ELMA365's script budget pays for the pings). */
export const DIAGNOSTICS_REUSE_MS = 10_000;

/** The doctor inside a running app: `GET /api/v1/diagnostics`. */
@Injectable()
export class DiagnosticsService implements OnModuleDestroy {
  private readonly redis: Redis;
  private readonly cache: SingleFlightCache<DiagnosticsReport>;

  constructor(config: AppConfig, webhookSettings: Elma365WebhookSettingRepository) {
    this.redis = diagnosticsRedis(config.redis.url);
    const store = new RedisEventClassStore(this.redis);
    this.cache = new SingleFlightCache(
      () =>
        runDiagnostics(config, {
          seenEventClasses: (pbxId) => store.read(pbxId),
          storedWebhookUrl: () => webhookSettings.find(),
        }),
      DIAGNOSTICS_REUSE_MS,
    );
  }

  report(): Promise<DiagnosticsReport> {
    return this.cache.get();
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
