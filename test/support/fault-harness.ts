import { Test, type TestingModule } from '@nestjs/testing';
import { Queue } from 'bullmq';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { type CallEvent, type CallRecord, replayTranscript } from '@app/calls';
import { AppConfig, loadConfig } from '@app/config';
import { buildEventPayload, recordPayloadId, type WebhookPayloadV1 } from '@app/elma365';
import { CallRecordRepository, createDataSource, runMigrations } from '@app/persistence';
import { callEventKey, QueueName, redisConnection } from '@app/queue';
import { type Elma365Stub, forgetLiveCards, traceAmiPath } from '@app/testing';
import { IngestModule } from '../../apps/ingest/src/ingest.module';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import type { CardEvent } from './card-rule';
import { WEBHOOK_TOKEN } from './delivery-harness';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './test-database';

export const PBX_ID = 'lab';

/**
 * The environment of a connector under fault: the test's Redis and database unless overridden, ELMA365 at the stub,
 * no rate limit, quick retries and quiet logs.
 */
export function faultEnv(stub: Elma365Stub, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_URL: TEST_REDIS_URL,
    DATABASE_URL: TEST_DATABASE_URL,
    ELMA365_WEBHOOK_URL: stub.url,
    ELMA365_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    ELMA365_RATE_LIMIT_PER_MINUTE: '0',
    ELMA365_RETRY_SCHEDULE: Array.from({ length: 30 }, () => '300ms').join(','),
    // Not shorter than production's: a request the stub answers late under load would be sent again (a duplicate).
    ELMA365_LIVE_TIMEOUT_MS: '3000',
    ELMA365_RECORD_TIMEOUT_MS: '10000',
    LOG_LEVEL: 'error',
    ...overrides,
  };
}

/** Worker, ingest or both in this process, with exactly this environment (nothing from process.env). */
export async function startInProcess(
  apps: ('worker' | 'ingest')[],
  env: Record<string, string>,
): Promise<TestingModule> {
  const imports = apps.map((app) => (app === 'worker' ? WorkerModule : IngestModule));
  const moduleRef = await Test.createTestingModule({ imports })
    .overrideProvider(AppConfig)
    .useValue(loadConfig(env))
    .compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  return moduleRef;
}

/** Empty queues and no leftover global rate limit in the Redis database of `redisUrl`. */
export async function emptyQueues(redisUrl: string): Promise<void> {
  await forgetLiveCards(redisUrl);
  for (const name of Object.values(QueueName)) {
    const queue = new Queue(name, { connection: redisConnection(redisUrl) });
    try {
      await queue.obliterate({ force: true });
      await queue.removeGlobalRateLimit();
      // obliterate leaves the limiter's counter: a test run right after another would start with its window used up.
      await queue.removeRateLimitKey();
    } finally {
      await queue.close();
    }
  }
}

/** A fresh schema with the real migrations in the database of `databaseUrl`. */
export async function migrateFresh(databaseUrl: string): Promise<void> {
  await queryAt(databaseUrl, 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  const dataSource = createDataSource(databaseUrl);
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Every stored call, as the API would read it back. */
export async function storedRecords(databaseUrl: string): Promise<CallRecord[]> {
  const dataSource = createDataSource(databaseUrl);
  await dataSource.initialize();
  try {
    const repository = new CallRecordRepository(dataSource);
    const ids = await dataSource.query<{ call_id: string }[]>('SELECT call_id FROM calls ORDER BY call_id');
    const records = await Promise.all(ids.map(({ call_id }) => repository.findByCallId(call_id)));
    return records.filter((r): r is CallRecord => r !== null);
  } finally {
    await dataSource.destroy();
  }
}

export async function queryAt<T>(databaseUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Polls an async probe (a database or queue count) until it holds. */
export async function eventually(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * What one ingest following the whole trace from its first event emits and the worker turns into ELMA365 webhook
 * deliveries: the ledger's event keys (`callId#seq`, `callId#record`), i.e. what must arrive, each once.
 */
export function expectedDeliveries(trace: string): { keys: Set<string>; calls: Set<string> } {
  const events: CallEvent[] = [];
  replayTranscript(
    readFileSync(traceAmiPath(trace)),
    65_536,
    { pbxId: PBX_ID },
    {
      onCallEvent: (event) => events.push(event),
      onProtocolError: (error) => {
        throw error;
      },
    },
  );
  const keys = new Set<string>();
  const calls = new Set<string>();
  for (const event of events) {
    if (event.type === 'call.finished') {
      keys.add(recordPayloadId(event.record));
      calls.add(event.callId);
    } else if (buildEventPayload(PBX_ID, event) !== null) keys.add(callEventKey(event));
  }
  return { keys, calls };
}

/** The webhook ids the stub answered 2xx to, with how often each. */
export function acceptedIds(stub: Elma365Stub): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of stub.requests) {
    if (r.status === null || r.status < 200 || r.status >= 300) continue;
    const id = (r.body as WebhookPayloadV1).id;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/**
 * Cards ELMA365 accepted twice in meaning, whatever their webhook ids: the same card event for the same phone of the
 * same call (a restarted ingest announcing again what its predecessor had).
 */
export function repeatedCards(stub: Elma365Stub): string[] {
  const seen = new Map<string, number>();
  for (const r of stub.requests) {
    const body = r.body as WebhookPayloadV1;
    if (r.status !== 200 || body.kind !== 'event') continue;
    const e = body.event;
    const key = `${body.callId} ${e.event} ${e.dstPhoneExt ?? e.dstPhone}${e.disposition ? ` ${e.disposition}` : ''}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([key, n]) => `${key} x${n}`);
}

/** The card events ELMA365 accepted, each webhook id once, in the order they arrived: for `checkCardRule`. */
export function acceptedCardEvents(stub: Elma365Stub): CardEvent[] {
  const seen = new Set<string>();
  const cards: CardEvent[] = [];
  for (const r of stub.requests) {
    const body = r.body as WebhookPayloadV1;
    if (r.status === null || r.status < 200 || r.status >= 300 || body.kind !== 'event' || seen.has(body.id)) continue;
    seen.add(body.id);
    const { event, disposition } = body.event;
    cards.push({ callId: body.callId, card: body.card ?? '(none)', event, ...(disposition ? { disposition } : {}) });
  }
  return cards;
}

/**
 * Compares what arrived with what had to: `lost` (expected, never accepted), `duplicated` (accepted more than once)
 * and `unexpected` (accepted, but no single-replica run would have sent it).
 */
export function deliveryBalance(
  expected: Set<string>,
  accepted: Map<string, number>,
): { lost: string[]; duplicated: string[]; unexpected: string[] } {
  return {
    lost: [...expected].filter((k) => !accepted.has(k)).sort(),
    duplicated: [...accepted].filter(([, n]) => n > 1).map(([k, n]) => `${k} x${n}`),
    unexpected: [...accepted.keys()].filter((k) => !expected.has(k)).sort(),
  };
}

export async function countAt(databaseUrl: string, sql: string): Promise<number> {
  return Number((await queryAt<{ n: string }>(databaseUrl, sql))[0].n);
}
