import type { TestingModule } from '@nestjs/testing';
import { AmiLiveServer, Elma365Stub } from '@app/testing';
import { CallEventSink } from '../../apps/ingest/src/call-event.sink';
import { amiUrlOf } from '../support/ami-url';
import { resetStores, WEBHOOK_TOKEN } from '../support/delivery-harness';
import {
  acceptedIds,
  deliveryBalance,
  eventually,
  expectedDeliveries,
  faultEnv,
  PBX_ID,
  queryAt,
  startInProcess,
} from '../support/fault-harness';
import { cardRuleBreachesAfterFault, cardsSkippedByRule, countLedger, ledgerRows } from '../support/ledger-rows';
import { multipliedTrace } from '../support/multiplied-trace';
import { TEST_DATABASE_URL } from '../support/test-database';
import { ThrowawayRedis } from '../support/throwaway-redis';

const COPIES = 2;
const CALLS = 20 * COPIES;
const DOWNTIME_MS = 1500;

describe('Redis killed and restarted in the middle of a burst', () => {
  let redis: ThrowawayRedis;
  let stub: Elma365Stub;
  let pbx: AmiLiveServer;
  let connector: TestingModule;
  // BullMQ reports a lost connection on console.error: kept, to show the outage was loud and nothing else went wrong.
  const reported: string[] = [];
  const consoleError = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    reported.push(args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(' '));
  });

  afterAll(async () => {
    consoleError.mockRestore();
    await connector?.close();
    await pbx?.close();
    await stub?.close();
    await redis?.stop();
  });

  it('loses no event the ingest queued while Redis was away, and repeats none', async () => {
    await resetStores();
    redis = await ThrowawayRedis.start();
    stub = await Elma365Stub.start({ token: WEBHOOK_TOKEN });
    const trace = multipliedTrace('14-concurrent-burst', COPIES);
    const expected = expectedDeliveries(trace);
    // `play`: the PBX does not wait for anybody; the ingest stays connected to it the whole time anyway.
    pbx = await AmiLiveServer.start({ trace, eventsPerTick: 5, tickMs: 5, whileNobodyListens: 'play' });
    connector = await startInProcess(
      ['worker', 'ingest'],
      faultEnv(stub, { REDIS_URL: redis.url, AMI_URL: amiUrlOf(pbx.ami, PBX_ID) }),
    );
    await pbx.waitForListeners(1);
    pbx.play();

    await pbx.waitForPosition(Math.floor(pbx.total * 0.3));
    await redis.kill();
    const killedAt = pbx.position;
    await new Promise((r) => setTimeout(r, DOWNTIME_MS));
    const playedWhileDown = pbx.position - killedAt;
    // Held in order by the ingest, and shown to Prometheus as connector_ingest_events_held.
    const heldWhileDown = connector.get(CallEventSink).heldEvents;
    await redis.restart();
    // Events kept happening while Redis was down, and the ingest kept tracking them.
    expect(playedWhileDown).toBeGreaterThan(100);
    expect(heldWhileDown).toBeGreaterThan(0);
    await pbx.waitForEnd(60_000);

    // A call-events job Redis handed out just before it died is the worker's again only when its lock runs out
    // (~20 s): every event reaches the ledger, some after their call's record.
    await eventually(
      async () =>
        (await countLedger(TEST_DATABASE_URL, redis.url)) === expected.keys.size &&
        (await countLedger(TEST_DATABASE_URL, redis.url, (r) => r.status === 'pending')) === 0,
      60_000,
      `all ${expected.keys.size} deliveries settled`,
    );
    const calls = await queryAt<{ call_id: string }>(TEST_DATABASE_URL, 'SELECT call_id FROM calls');
    expect(new Set(calls.map((c) => c.call_id))).toEqual(expected.calls);
    expect(calls).toHaveLength(CALLS);
    const ledger = await ledgerRows(TEST_DATABASE_URL, redis.url);
    expect(new Set(ledger.map((r) => r.eventKey))).toEqual(expected.keys);
    // Every record and every card event arrived once; a card event that came after its call's record went out only
    // if the card rule allowed it (a NotifyEnd closing an open card), else it is skipped and says why.
    const balance = deliveryBalance(expected.keys, acceptedIds(stub));
    const skipped = await cardsSkippedByRule(TEST_DATABASE_URL, redis.url);
    expect(balance).toEqual({ lost: [...skipped.keys()].sort(), duplicated: [], unexpected: [] });
    for (const reason of skipped.values()) expect(reason).toMatch(/^live: (stale|card): /);
    expect(await cardRuleBreachesAfterFault(stub, TEST_DATABASE_URL, redis.url)).toEqual([]);
    expect(reported.length).toBeGreaterThan(0);
    expect(reported.filter((r) => !/ECONNREFUSED|ECONNRESET|Connection is closed|LOADING/.test(r))).toEqual([]);
  }, 120_000);
});
