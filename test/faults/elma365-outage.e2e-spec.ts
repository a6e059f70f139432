import type { TestingModule } from '@nestjs/testing';
import { loadConfig } from '@app/config';
import type { WebhookPayloadV1 } from '@app/elma365';
import { AmiLiveServer, Elma365Stub, waitFor } from '@app/testing';
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
  startInProcess,
} from '../support/fault-harness';
import { cardRuleBreachesAfterFault, cardsSkippedByRule, countLedger } from '../support/ledger-rows';
import { callTraces } from '../support/recorded-traces';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/test-database';

/**
 * Simulated time: the production retry schedule of call records (5s,5m,30m,2h,5h,10h,10h) runs 60 times faster
 * through ELMA365_RETRY_SCHEDULE (1 real second = 1 simulated minute), so ten simulated minutes of ELMA365 answering
 * 503 are 10 real seconds. Not scaled (constants): a live card gets 3 tries 1 s apart and is then given up (its
 * NotifyAnswer and NotifyEnd then go nowhere: the card was never opened), which holds its call's record back about
 * 2 real s (2 simulated minutes instead of seconds): this is why the speed-up stops at 60. Slower steps only delay a
 * record in simulated time, never bring a retry forward. A record that failed three times in the outage tries again
 * 30 real s after its first attempt (simulated: 5 s, 5 min, 30 min).
 */
const SPEEDUP = 60;
const scaled = (ms: number): string => `${Math.round(ms / SPEEDUP)}ms`;
const OUTAGE_REAL_MS = (10 * 60_000) / SPEEDUP;
const BURST = callTraces().find((t) => t.name === '14-concurrent-burst')!;

describe('ELMA365 down for 10 minutes (simulated) during a burst', () => {
  let stub: Elma365Stub;
  let pbx: AmiLiveServer;
  let connector: TestingModule;
  let sampling = true;

  afterAll(async () => {
    sampling = false;
    await connector?.close();
    await pbx?.close();
    await stub?.close();
  });

  it('delivers every call record once afterwards, gives up only live cards, and dead-letters nothing early', async () => {
    await resetStores();
    await emptyQueues(TEST_REDIS_URL);
    stub = await Elma365Stub.start({ token: WEBHOOK_TOKEN });
    // The default schedule (ELMA365_RETRY_SCHEDULE unset), scaled down.
    const schedule = loadConfig({}).delivery.recordRetryScheduleMs.map(scaled).join(',');
    expect(schedule).toBe('83ms,5000ms,30000ms,120000ms,300000ms,600000ms,600000ms');
    pbx = await AmiLiveServer.start({ trace: BURST.ami, eventsPerTick: 50, tickMs: 1 });
    connector = await startInProcess(
      ['worker', 'ingest'],
      faultEnv(stub, { ELMA365_RETRY_SCHEDULE: schedule, AMI_URL: amiUrlOf(pbx.ami, PBX_ID) }),
    );
    await pbx.waitForListeners(1);

    let deadSeen = 0;
    const sampler = (async () => {
      while (sampling) {
        // Dead letters are records only (a card refused for good is skipped): they are in PostgreSQL.
        deadSeen = Math.max(
          deadSeen,
          await countAt(TEST_DATABASE_URL, `SELECT count(*) AS n FROM deliveries WHERE status = 'dead'`),
        );
        await new Promise((r) => setTimeout(r, 25));
      }
    })();

    stub.fail(503, '{"success":false,"error":"maintenance"}');
    pbx.play();
    await waitFor(() => stub.requests.length > 0, { timeoutMs: 10_000, what: 'the first attempt' });
    const outageStart = stub.requests[0].receivedAtMs;
    await new Promise((r) => setTimeout(r, outageStart + OUTAGE_REAL_MS - Date.now()));
    stub.ok();

    await eventually(
      async () =>
        (await countAt(
          TEST_DATABASE_URL,
          `SELECT count(*) AS n FROM deliveries WHERE kind = 'record' AND status = 'delivered'`,
        )) === BURST.truth.length,
      45_000,
      'every record delivered',
    );
    await eventually(
      async () => (await countLedger(TEST_DATABASE_URL, TEST_REDIS_URL, (r) => r.status === 'pending')) === 0,
      10_000,
      'nothing pending',
    );
    sampling = false;
    await sampler;

    const expected = expectedDeliveries(BURST.ami);
    const balance = deliveryBalance(expected.keys, acceptedIds(stub));
    expect({ duplicated: balance.duplicated, unexpected: balance.unexpected }).toEqual({
      duplicated: [],
      unexpected: [],
    });
    expect(deadSeen).toBe(0);
    // Every record arrived; a live card that ELMA365 refused three times in the outage was given up (not dead, not
    // pending): that is the design for cards, which are useless once the call is over. The rest of a card whose
    // NotifyStart was given up is skipped by the card rule (never opened), and what did arrive keeps the rule.
    expect(balance.lost.filter((k) => k.endsWith('#record'))).toEqual([]);
    const skipped = await cardsSkippedByRule(TEST_DATABASE_URL, TEST_REDIS_URL);
    expect(balance.lost).toEqual([...skipped.keys()].sort());
    for (const reason of skipped.values()) expect(reason).toMatch(/^live: (gave up|card: never opened|stale)/);
    expect([...skipped.values()].some((reason) => reason.startsWith('live: gave up:'))).toBe(true);
    expect(await cardRuleBreachesAfterFault(stub, TEST_DATABASE_URL, TEST_REDIS_URL)).toEqual([]);
    expect(
      await countLedger(TEST_DATABASE_URL, TEST_REDIS_URL, (r) => !['delivered', 'skipped'].includes(r.status)),
    ).toBe(0);

    // Per call record: its 503s all fell inside the outage, the schedule (5 s, 5 min, then 30 min later) allows at
    // most three in ten minutes, and the next attempt succeeded.
    const attempts = new Map<string, number[]>();
    for (const r of stub.requests) {
      const body = r.body as WebhookPayloadV1;
      if (body.kind === 'record') attempts.set(body.id, [...(attempts.get(body.id) ?? []), r.status ?? 0]);
    }
    expect(attempts.size).toBe(BURST.truth.length);
    const failedFirst = [...attempts.values()].filter((statuses) => statuses[0] === 503);
    expect(failedFirst.length).toBeGreaterThanOrEqual(BURST.truth.length / 2);
    for (const [id, statuses] of attempts) {
      const failures = statuses.length - 1;
      expect({ id, statuses }).toEqual({ id, statuses: [...Array.from({ length: failures }, () => 503), 200] });
      expect({ id, failures: Math.min(failures, 3) }).toEqual({ id, failures });
    }
  }, 90_000);
});
