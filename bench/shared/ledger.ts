import { LiveDeliveryStore } from '@app/deliveries';
import { sql } from './postgres';

/** One delivery of the bench's run, whichever store holds it: records in PostgreSQL, live cards in Redis. */
export interface BenchLedgerRow {
  readonly status: string;
  readonly reason: string | null;
  readonly event: string | null;
}

/** Every webhook delivery of the run: the durable ledger's rows and the live cards Redis keeps. */
export async function webhookLedger(url: string, redisUrl: string): Promise<BenchLedgerRow[]> {
  const durable = await sql<BenchLedgerRow>(
    url,
    `SELECT status, last_error AS reason, payload->'event'->>'event' AS event
       FROM deliveries WHERE target = 'elma365-webhook'`,
  );
  const store = LiveDeliveryStore.connect(redisUrl);
  try {
    const live = await store.scanRows();
    return [...durable, ...live.map((r) => ({ status: r.status, reason: r.lastError, event: r.event }))];
  } finally {
    await store.onApplicationShutdown();
  }
}
