import { AppConfig, loadConfig } from '@app/config';
import { Client } from 'pg';

/**
 * The database every e2e test that needs PostgreSQL uses (scripts/services.sh creates it); tests run in band.
 * TEST_DATABASE_URL / TEST_REDIS_URL let two test runs on one machine keep apart (each its own database and Redis db).
 */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://connector:connector@127.0.0.1:5432/connector_test';

/** An empty `public` schema: no tables, no migrations recorded. */
export async function resetSchema(): Promise<void> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  } finally {
    await client.end();
  }
}

export async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Tests keep off Redis database 0, where a developer's own connector keeps its queues. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/1';

/** The configuration every in-process e2e test starts from: test database, test Redis, quiet logs. */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({ REDIS_URL: TEST_REDIS_URL, DATABASE_URL: TEST_DATABASE_URL, LOG_LEVEL: 'error', ...env });
}
