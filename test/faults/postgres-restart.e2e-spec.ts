import type { TestingModule } from '@nestjs/testing';
import { AmiLiveServer, Elma365Stub } from '@app/testing';
import { amiUrlOf } from '../support/ami-url';
import { WEBHOOK_TOKEN } from '../support/delivery-harness';
import {
  acceptedIds,
  countAt,
  deliveryBalance,
  emptyQueues,
  eventually,
  expectedDeliveries,
  faultEnv,
  migrateFresh,
  PBX_ID,
  queryAt,
  startInProcess,
} from '../support/fault-harness';
import { multipliedTrace } from '../support/multiplied-trace';
import { countLedger, ledgerRows } from '../support/ledger-rows';
import { TEST_REDIS_URL } from '../support/test-database';
import { ThrowawayPostgres } from '../support/throwaway-postgres';

const COPIES = 2;
const CALLS = 20 * COPIES;
const DOWNTIME_MS = 1500;

describe('PostgreSQL restarted in the middle of a burst', () => {
  let pg: ThrowawayPostgres;
  let stub: Elma365Stub;
  let pbx: AmiLiveServer;
  let connector: TestingModule;

  afterAll(async () => {
    await connector?.close();
    await pbx?.close();
    await stub?.close();
    await pg?.stop();
  });

  it('retries what failed meanwhile: every call stored once, every record delivered once', async () => {
    // A cluster of its own: restarting the shared one would pull it from under every other test run.
    pg = await ThrowawayPostgres.start();
    await migrateFresh(pg.url);
    await emptyQueues(TEST_REDIS_URL);
    stub = await Elma365Stub.start({ token: WEBHOOK_TOKEN });
    const trace = multipliedTrace('14-concurrent-burst', COPIES);
    const expected = expectedDeliveries(trace);
    pbx = await AmiLiveServer.start({ trace, eventsPerTick: 5, tickMs: 5 });
    connector = await startInProcess(
      ['worker', 'ingest'],
      faultEnv(stub, { DATABASE_URL: pg.url, AMI_URL: amiUrlOf(pbx.ami, PBX_ID) }),
    );
    await pbx.waitForListeners(1);
    pbx.play();

    await pbx.waitForPosition(Math.floor(pbx.total * 0.3));
    await pg.stopServer();
    const stoppedAt = pbx.position;
    await new Promise((r) => setTimeout(r, DOWNTIME_MS));
    await pg.startServer();
    expect(pbx.position - stoppedAt).toBeGreaterThan(100);
    await pbx.waitForEnd(60_000);

    await eventually(
      async () =>
        (await countAt(pg.url, `SELECT count(*) AS n FROM deliveries WHERE kind = 'record'`)) === CALLS &&
        (await countLedger(pg.url, TEST_REDIS_URL, (r) => r.status === 'pending')) === 0,
      60_000,
      `all ${CALLS} records delivered`,
    );
    const calls = await queryAt<{ call_id: string }>(pg.url, 'SELECT call_id FROM calls');
    expect(calls).toHaveLength(CALLS);
    expect(new Set(calls.map((c) => c.call_id))).toEqual(expected.calls);
    const balance = deliveryBalance(expected.keys, acceptedIds(stub));
    expect(balance.duplicated).toEqual([]);
    expect(balance.unexpected).toEqual([]);
    // Live cards do not wait for the database; records wait for it in place, after their calls' cards: no live card
    // arrives after its record to be skipped as stale, and a delivery ELMA365 took is not sent again. Lost: nothing.
    const notDelivered = (await ledgerRows(pg.url, TEST_REDIS_URL)).filter((r) => r.status !== 'delivered');
    expect(notDelivered.map((r) => `${r.eventKey} ${r.status} ${r.lastError}`)).toEqual([]);
    expect(balance.lost).toEqual([]);
  }, 120_000);
});
