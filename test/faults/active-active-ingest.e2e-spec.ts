import type { TestingModule } from '@nestjs/testing';
import { AmiLiveServer, Elma365Stub } from '@app/testing';
import { amiUrlOf } from '../support/ami-url';
import { resetStores, WEBHOOK_TOKEN } from '../support/delivery-harness';
import {
  acceptedIds,
  countAt,
  deliveryBalance,
  emptyQueues,
  eventually,
  expectedDeliveries,
  faultEnv,
  PBX_ID,
  queryAt,
  startInProcess,
} from '../support/fault-harness';
import { countLedger, ledgerRows } from '../support/ledger-rows';
import { multipliedTrace } from '../support/multiplied-trace';
import { explained, SpawnedApp } from '../support/spawned-app';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/test-database';

const COPIES = 3;
const CALLS = 20 * COPIES;

describe('two ingest replicas on one PBX (active-active), one killed with SIGKILL mid-burst', () => {
  let stub: Elma365Stub;
  let pbx: AmiLiveServer;
  let worker: TestingModule;
  const replicas: SpawnedApp[] = [];

  afterAll(async () => {
    for (const r of replicas) await r.kill();
    await worker?.close();
    await pbx?.close();
    await stub?.close();
  });

  it('stores every call once and delivers every webhook once: no gap at the kill, no duplicate from the pair', async () => {
    await resetStores();
    await emptyQueues(TEST_REDIS_URL);
    stub = await Elma365Stub.start({ token: WEBHOOK_TOKEN });
    const trace = multipliedTrace('14-concurrent-burst', COPIES);
    const expected = expectedDeliveries(trace);
    expect(expected.calls.size).toBe(CALLS);

    pbx = await AmiLiveServer.start({ trace, eventsPerTick: 10, tickMs: 10 });
    const env = faultEnv(stub);
    worker = await startInProcess(['worker'], env);
    const ingestEnv = { ...env, AMI_URL: amiUrlOf(pbx.ami, PBX_ID) };
    replicas.push(SpawnedApp.start('ingest', ingestEnv, 'ingest-a'), SpawnedApp.start('ingest', ingestEnv, 'ingest-b'));
    // Both replicas are logged in and listening before the first event: they see the same stream.
    await explained(pbx.waitForListeners(2, 20_000), replicas);
    pbx.play();

    await pbx.waitForPosition(Math.floor(pbx.total * 0.4));
    await replicas[0].kill();
    const killedAt = pbx.position;
    expect(killedAt).toBeLessThan(pbx.total);
    await pbx.waitForEnd(60_000);
    expect(pbx.listeners).toBe(1);

    await eventually(
      async () =>
        (await countLedger(TEST_DATABASE_URL, TEST_REDIS_URL, (r) => r.status !== 'delivered')) === 0 &&
        (await countAt(TEST_DATABASE_URL, `SELECT count(*) AS n FROM deliveries WHERE kind = 'record'`)) === CALLS,
      60_000,
      `all ${CALLS} records delivered`,
    );

    const calls = await queryAt<{ call_id: string }>(TEST_DATABASE_URL, 'SELECT call_id FROM calls');
    expect(calls).toHaveLength(CALLS);
    expect(new Set(calls.map((c) => c.call_id))).toEqual(expected.calls);
    const ledger = await ledgerRows(TEST_DATABASE_URL, TEST_REDIS_URL);
    expect(new Set(ledger.map((r) => r.eventKey))).toEqual(expected.keys);
    expect(stub.requests.every((r) => r.signatureValid)).toBe(true);
    // lost: never accepted by ELMA365; duplicated: accepted twice; unexpected: no single replica would send it.
    expect(deliveryBalance(expected.keys, acceptedIds(stub))).toEqual({ lost: [], duplicated: [], unexpected: [] });
  }, 120_000);
});
