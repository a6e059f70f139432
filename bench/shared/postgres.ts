import { Client } from 'pg';
import { createDataSource, runMigrations } from '@app/persistence';

/** `url` whose connections work in `schema` (tables, and TypeORM's own migrations table, live there). */
export function inSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

export async function sql<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot connect to ${new URL(url).pathname.slice(1)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** An empty `schema` with the real migrations applied; returns the URL to use it. */
export async function freshSchema(databaseUrl: string, schema: string): Promise<string> {
  await sql(databaseUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  const url = inSchema(databaseUrl, schema);
  const dataSource = createDataSource(url, { poolSize: 1 });
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
  return url;
}

export async function serverVersion(databaseUrl: string): Promise<string> {
  const [row] = await sql<{ server_version: string }>(databaseUrl, 'SHOW server_version');
  return `PostgreSQL ${row.server_version.split(' ')[0]}`;
}
