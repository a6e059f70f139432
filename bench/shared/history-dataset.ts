import { createDataSource, runMigrations } from '@app/persistence';
import { inSchema, sql } from './postgres';

export const HISTORY_SCHEMA = 'bench_history';
export const HISTORY_ROWS = 1_000_000;
/** Change it whenever the generated rows change: a kept dataset of another version is rebuilt. */
const DATASET_VERSION = 'calls-v1';
/** the first call starts here; one starts every 30 s after (1 M calls: about 347 days) */
export const HISTORY_START = Date.parse('2025-01-01T00:00:00Z');
export const HISTORY_STEP_SECONDS = 30;
export const CLIENT_NUMBERS = 50_000;
export const EXTENSIONS = 100;

/**
 * 1 M calls in one INSERT … SELECT: 60 % inbound (a ring group of two phones), 30 % outbound, 10 % internal;
 * 50,000 client numbers, 100 extensions (1000-1099), realistic legs and recordings.
 */
const GENERATE = `
INSERT INTO calls (pbx_id, linkedid, call_id, direction, from_number, to_number, answered_by, disposition,
  started_at, answered_at, ended_at, wait_seconds, talk_seconds, extensions, transfers, legs, queue,
  recording_path, hangup_cause)
SELECT 'office', g.linkedid, 'office:' || g.linkedid, g.direction,
  CASE g.direction WHEN 'in' THEN g.client ELSE g.ext END,
  CASE g.direction WHEN 'in' THEN '+74951234567' WHEN 'out' THEN g.client ELSE g.ext2 END,
  CASE WHEN g.answered THEN CASE g.direction WHEN 'internal' THEN g.ext2 ELSE g.ext END END,
  g.disposition, g.started_at,
  CASE WHEN g.answered THEN g.started_at + make_interval(secs => g.wait) END,
  g.started_at + make_interval(secs => g.wait + g.talk),
  g.wait, CASE WHEN g.answered THEN g.talk END,
  CASE g.direction WHEN 'in' THEN ARRAY[g.ext, g.ext2] ELSE ARRAY[g.ext] END,
  '[]'::jsonb,
  jsonb_build_array(
    jsonb_build_object('channel', 'PJSIP/' || g.ext || '-' || lpad(to_hex(g.n), 8, '0'), 'party', g.ext,
      'startedAt', g.started_at, 'answeredAt', CASE WHEN g.answered THEN g.started_at + make_interval(secs => g.wait) END,
      'endedAt', g.started_at + make_interval(secs => g.wait + g.talk),
      'dialStatus', CASE WHEN g.answered THEN 'ANSWER' ELSE 'NOANSWER' END, 'hangupCause', 16),
    jsonb_build_object('channel', 'PJSIP/' || g.ext2 || '-' || lpad(to_hex(g.n + 1), 8, '0'), 'party', g.ext2,
      'startedAt', g.started_at, 'answeredAt', NULL, 'endedAt', g.started_at + make_interval(secs => g.wait),
      'dialStatus', 'CANCEL', 'hangupCause', 26)),
  NULL,
  CASE WHEN g.answered THEN '/var/spool/asterisk/monitor/' || g.linkedid || '.wav' END,
  CASE WHEN g.answered THEN 16 ELSE 19 END
FROM (
  SELECT n, d.direction, d.disposition, d.disposition = 'answered' AS answered,
    (${HISTORY_START / 1000} + n * ${HISTORY_STEP_SECONDS})::text || '.' || n AS linkedid,
    to_timestamp(${HISTORY_START / 1000} + n * ${HISTORY_STEP_SECONDS}) AS started_at,
    '+7916' || lpad(((n * 48271) % ${CLIENT_NUMBERS})::text, 7, '0') AS client,
    (1000 + (n * 31) % ${EXTENSIONS})::text AS ext,
    (1000 + (n * 37 + 11) % ${EXTENSIONS})::text AS ext2,
    (3 + (n * 7) % 25)::numeric AS wait,
    (5 + (n * 13) % 600)::numeric + 0.25 AS talk
  FROM generate_series(1::bigint, ${HISTORY_ROWS}) AS n,
  LATERAL (SELECT CASE WHEN n % 10 < 6 THEN 'in' WHEN n % 10 < 9 THEN 'out' ELSE 'internal' END AS direction,
    CASE WHEN (n * 7919) % 100 < 70 THEN 'answered' WHEN (n * 7919) % 100 < 85 THEN 'no_answer'
      WHEN (n * 7919) % 100 < 95 AND n % 10 < 6 THEN 'abandoned' WHEN (n * 7919) % 100 < 99 THEN 'busy'
      ELSE 'failed' END AS disposition) AS d
) AS g`;

/**
 * The schema with the migrations and 1 M calls, kept between runs (building it takes a while): rebuilt only when
 * its row count or the dataset version differ. Returns the URL to use it and whether it was kept.
 */
export async function historyDataset(
  databaseUrl: string,
  progress: (line: string) => void,
): Promise<{ url: string; kept: boolean; loadSeconds?: number }> {
  const url = inSchema(databaseUrl, HISTORY_SCHEMA);
  if (await isComplete(databaseUrl)) return { url, kept: true };
  progress(`history-query: building ${HISTORY_ROWS.toLocaleString('en-US')} calls in schema ${HISTORY_SCHEMA}`);
  const start = performance.now();
  await sql(databaseUrl, `DROP SCHEMA IF EXISTS ${HISTORY_SCHEMA} CASCADE; CREATE SCHEMA ${HISTORY_SCHEMA}`);
  const dataSource = createDataSource(url, { poolSize: 1 });
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
    // The migrations' own indexes, dropped for the load and rebuilt from their definitions: much faster than
    // maintaining them row by row, and the same indexes in the end.
    const indexes = (await dataSource.query(
      `SELECT c.relname AS indexname, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       WHERE i.indrelid = 'calls'::regclass AND NOT i.indisunique AND NOT i.indisprimary`,
    )) as { indexname: string; def: string }[];
    for (const index of indexes) await dataSource.query(`DROP INDEX ${HISTORY_SCHEMA}.${index.indexname}`);
    await dataSource.query(GENERATE);
    for (const index of indexes) await dataSource.query(index.def);
    await dataSource.query('VACUUM ANALYZE calls');
    await dataSource.query(`CREATE TABLE bench_dataset (version text NOT NULL, rows integer NOT NULL)`);
    await dataSource.query(`INSERT INTO bench_dataset VALUES ($1, $2)`, [DATASET_VERSION, HISTORY_ROWS]);
  } finally {
    await dataSource.destroy();
  }
  return { url, kept: false, loadSeconds: (performance.now() - start) / 1000 };
}

async function isComplete(databaseUrl: string): Promise<boolean> {
  const [table] = await sql<{ found: string | null }>(databaseUrl, `SELECT to_regclass($1) AS found`, [
    `${HISTORY_SCHEMA}.bench_dataset`,
  ]);
  if (table.found === null) return false;
  const [meta] = await sql<{ version: string; rows: number }>(
    databaseUrl,
    `SELECT version, rows FROM ${HISTORY_SCHEMA}.bench_dataset`,
  );
  if (meta?.version !== DATASET_VERSION) return false;
  const [{ count }] = await sql<{ count: number }>(
    databaseUrl,
    `SELECT count(*)::int AS count FROM ${HISTORY_SCHEMA}.calls`,
  );
  return count === HISTORY_ROWS;
}
