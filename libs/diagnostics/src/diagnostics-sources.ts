import { Redis, type RedisOptions } from 'ioredis';
import type { AppConfig } from '@app/config';
import { createDataSource, Elma365WebhookSettingRepository } from '@app/persistence';
import { redisConnection } from '@app/queue';
import { RedisEventClassStore } from './ami-event-class.recorder';
import type { DiagnosticsSources } from './diagnostics.runner';

/** Redis without retries: a doctor reports an unreachable Redis, it does not wait for it. */
export function diagnosticsRedis(url: string, timeoutMs = 5_000): Redis {
  const redis = new Redis({
    ...(redisConnection(url) as RedisOptions),
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
    lazyConnect: true,
  });
  // Every command rejects with the error, and the check that sent it reports it; the event would only repeat it.
  redis.on('error', () => {});
  return redis;
}

/** For the CLI: its own Redis connection and database pool, closed by `close()`. */
export function openDiagnosticsSources(config: AppConfig): DiagnosticsSources & { close(): Promise<void> } {
  const redis = diagnosticsRedis(config.redis.url);
  const store = new RedisEventClassStore(redis);
  const dataSource = createDataSource(config.database.url, { poolSize: 1, applicationName: 'connector-doctor' });
  let initialized: Promise<unknown> | undefined;
  return {
    seenEventClasses: (pbxId) => store.read(pbxId),
    storedWebhookUrl: async () => {
      initialized ??= dataSource.initialize();
      await initialized;
      return new Elma365WebhookSettingRepository(dataSource).find();
    },
    close: async () => {
      redis.disconnect();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}
