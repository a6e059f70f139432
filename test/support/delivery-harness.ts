import { getQueueToken } from '@nestjs/bullmq';
import { Test, TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { resetSchema, TEST_DATABASE_URL, TEST_REDIS_URL } from './test-database';
import { AppConfig, loadConfig } from '@app/config';
import { createDataSource, runMigrations } from '@app/persistence';
import { DeliveryBudgetStore, QueueName } from '@app/queue';
import { AmiTestServer, Elma365Stub } from '@app/testing';
import { IngestModule } from '../../apps/ingest/src/ingest.module';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { amiUrlOf } from './ami-url';

export { query, TEST_DATABASE_URL } from './test-database';
export const WEBHOOK_TOKEN = 'module-token-for-tests';

/**
 * A fresh schema with the real migrations and an empty test Redis database: every test starts from nothing. Jobs an
 * earlier test file left in Redis (a call event not yet handled, a delayed retry, a remembered 429) would otherwise be
 * taken by this test's worker: a NotifyAnswer for a call this test never started, a budget already short.
 */
export async function resetStores(): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
  await resetSchema();
  const dataSource = createDataSource(TEST_DATABASE_URL);
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Ingest and worker in one Nest context, pointed at the AMI test server, the ELMA365 stub and the test database. */
export async function startConnector(
  ami: AmiTestServer,
  stub: Pick<Elma365Stub, 'url'>,
  options: { env?: Record<string, string>; keepQueues?: boolean } = {},
): Promise<TestingModule> {
  const amiUrl = amiUrlOf(ami, 'lab');
  const config = loadConfig({
    AMI_URL: amiUrl,
    REDIS_URL: TEST_REDIS_URL,
    DATABASE_URL: TEST_DATABASE_URL,
    ELMA365_WEBHOOK_URL: stub.url,
    ELMA365_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    ELMA365_RATE_LIMIT_PER_MINUTE: '0',
    ELMA365_RETRY_SCHEDULE: '300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms',
    // Request timeouts stay production's: a request the stub answers late under load would be sent again.
    LOG_LEVEL: 'error',
    ...options.env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule, IngestModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  moduleRef.useLogger(false);
  if (!options.keepQueues) await emptyQueues(moduleRef);
  await moduleRef.init();
  return moduleRef;
}

async function emptyQueues(moduleRef: TestingModule): Promise<void> {
  for (const name of Object.values(QueueName)) {
    const queue = moduleRef.get<Queue>(getQueueToken(name));
    await queue.obliterate({ force: true });
    await queue.removeGlobalRateLimit();
    // obliterate leaves the limiter's counter: a test run right after another would start with its window used up.
    await queue.removeRateLimitKey();
  }
  // Nor a 429 remembered, requests counted or a budget warning left by the test before.
  await moduleRef.get(DeliveryBudgetStore).reset();
}
