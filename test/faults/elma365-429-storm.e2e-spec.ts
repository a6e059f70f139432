import type { TestingModule } from '@nestjs/testing';
import { AmiLiveServer, Elma365Stub, HttpFaultProxy, waitFor } from '@app/testing';
import { amiUrlOf } from '../support/ami-url';
import { resetStores, WEBHOOK_TOKEN } from '../support/delivery-harness';
import {
  acceptedIds,
  deliveryBalance,
  emptyQueues,
  eventually,
  expectedDeliveries,
  faultEnv,
  PBX_ID,
  startInProcess,
} from '../support/fault-harness';
import { cardRuleBreachesAfterFault, type LedgerRow, ledgerRows } from '../support/ledger-rows';
import { callTraces } from '../support/recorded-traces';
import { ELMA365_DELIVERY_CONCURRENCY } from '@app/queue';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/test-database';

const BURST = callTraces().find((t) => t.name === '14-concurrent-burst')!;
const STORM_MS = 4000;
const RETRY_AFTER_S = 1;
/** the worker's delivery concurrency with no rate limit set (the fault harness sets none) */
const CONCURRENCY = ELMA365_DELIVERY_CONCURRENCY;

describe('a 429 storm from ELMA365 during a burst', () => {
  let stub: Elma365Stub;
  let proxy: HttpFaultProxy;
  let pbx: AmiLiveServer;
  let connector: TestingModule;

  afterAll(async () => {
    await connector?.close();
    await pbx?.close();
    await proxy?.close();
    await stub?.close();
  });

  it('keeps to Retry-After while three requests in four are refused, then delivers everything once', async () => {
    await resetStores();
    await emptyQueues(TEST_REDIS_URL);
    stub = await Elma365Stub.start({ token: WEBHOOK_TOKEN });
    proxy = await HttpFaultProxy.start(stub.url);
    pbx = await AmiLiveServer.start({ trace: BURST.ami, eventsPerTick: 50, tickMs: 1 });
    // Retries of failed records are quick (100 ms): a worker that ignored Retry-After would hammer ELMA365.
    const env = faultEnv(stub, {
      ELMA365_WEBHOOK_URL: proxy.urlFor(stub.url),
      ELMA365_RETRY_SCHEDULE: Array.from({ length: 30 }, () => '100ms').join(','),
      AMI_URL: amiUrlOf(pbx.ami, PBX_ID),
    });
    connector = await startInProcess(['worker', 'ingest'], env);
    await pbx.waitForListeners(1);

    proxy.faults(({ n }) =>
      n % 4 === 0
        ? undefined
        : { status: 429, headers: { 'retry-after': String(RETRY_AFTER_S) }, body: '{"error":"too many requests"}' },
    );
    pbx.play();
    await waitFor(() => proxy.requests.length > 0, { timeoutMs: 10_000, what: 'the first request' });
    const stormStart = proxy.requests[0].receivedAtMs;
    await new Promise((r) => setTimeout(r, stormStart + STORM_MS - Date.now()));
    proxy.forwardAll();
    const stormEnd = Date.now();

    // After a 429 the budget counts as short: a card whose phone stopped ringing before its turn is dropped whole
    // (stale); a row of it that reaches the ledger later finds the card never opened.
    const settled = (r: LedgerRow): boolean =>
      r.status === 'delivered' ||
      (r.status === 'skipped' &&
        r.kind === 'live' &&
        ((r.lastError ?? '').startsWith('stale: the phone stopped ringing') || r.lastError === 'card: never opened'));
    await eventually(
      async () => (await ledgerRows(TEST_DATABASE_URL, TEST_REDIS_URL)).every(settled),
      60_000,
      'every delivery delivered or dropped as a stale card',
    );

    const expected = expectedDeliveries(BURST.ami);
    const stale = (await ledgerRows(TEST_DATABASE_URL, TEST_REDIS_URL)).filter((r) => r.status === 'skipped');
    const mustArrive = new Set([...expected.keys].filter((k) => !stale.some((r) => r.eventKey === k)));
    expect(stale.every((r) => !r.eventKey.endsWith('#record'))).toBe(true);
    expect(deliveryBalance(mustArrive, acceptedIds(stub))).toEqual({ lost: [], duplicated: [], unexpected: [] });
    expect(stub.requests.every((r) => r.status === 200)).toBe(true);
    expect(await cardRuleBreachesAfterFault(stub, TEST_DATABASE_URL, TEST_REDIS_URL)).toEqual([]);

    // The storm: every 429 pauses the whole delivery queue for Retry-After, so each window of RETRY_AFTER_S sees at
    // most one round of CONCURRENCY requests (plus the one in four let through, each followed by at most one more).
    const inStorm = proxy.requests.filter((r) => r.receivedAtMs >= stormStart && r.receivedAtMs < stormEnd);
    const refused = inStorm.filter((r) => r.faulted);
    const windows = Math.ceil((stormEnd - stormStart) / (RETRY_AFTER_S * 1000));
    const bound = windows * CONCURRENCY * 2;
    expect(refused.length).toBeGreaterThan(0);
    expect({ requestsInStorm: inStorm.length, bound }).toEqual({
      requestsInStorm: Math.min(inStorm.length, bound),
      bound,
    });
  }, 90_000);
});
