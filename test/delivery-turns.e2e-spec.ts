import type { INestApplication } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { ANSWERED_CARD_GRACE_MS, DeliveryLedger, LiveDeliveryStore, DeliveryTarget } from '@app/deliveries';
import type { WebhookPayloadV1 } from '@app/elma365';
import { createDataSource, DeliveryRepository, type PendingDelivery } from '@app/persistence';
import { DeliveryBudgetStore, Elma365DeliveryProducer, QueueName, redisConnection } from '@app/queue';
import { Elma365Stub, forgetLiveCards, waitFor } from '@app/testing';
import { HealthModule } from '../apps/api/src/health/health.module';
import { MetricsModule } from '../apps/api/src/metrics/metrics.module';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { resetStores, WEBHOOK_TOKEN } from './support/delivery-harness';
import { emptyQueues, faultEnv, startInProcess } from './support/fault-harness';
import { countLedger } from './support/ledger-rows';
import { TEST_DATABASE_URL, TEST_REDIS_URL, testConfig } from './support/test-database';
import { READINESS_REUSE_MS } from '../apps/api/src/health/health.controller';

const TARGET = DeliveryTarget.Elma365Webhook;

/** A webhook event as the worker writes it to the ledger: the card's extension in its own column too. */
function cardEvent(callId: string, seq: number, event: string, card: string): PendingDelivery {
  const eventKey = `${callId}#${seq}`;
  const payload = {
    version: 1,
    id: eventKey,
    kind: 'event',
    callId,
    pbxId: 'lab',
    card,
    event: { event, direction: 'in', srcPhone: '+79161234567', dstPhone: card, callId, at: '2026-11-26T10:00:00Z' },
  };
  return { callId, target: TARGET, kind: 'live', eventKey, seq, payload, card };
}

function record(callId: string, seq: number): PendingDelivery {
  const eventKey = `${callId}#record`;
  return {
    callId,
    target: TARGET,
    kind: 'record',
    eventKey,
    seq,
    payload: { version: 1, id: eventKey, kind: 'record' },
  };
}

describe('delivery turns: one queue job per call, the rest waiting in the ledger', () => {
  let dataSource: DataSource;
  let deliveries: DeliveryRepository;
  let live: LiveDeliveryStore;
  let ledger: DeliveryLedger;
  let redis: Redis;

  /** Moves a live row's entry into the ledger `ms` back, as if it had waited that long. */
  async function backdate(callId: string, seq: number, ms: number): Promise<void> {
    const key = `connector:live:{${callId}|${TARGET}}:m`;
    const row = JSON.parse((await redis.hget(key, `s:${seq}`)) ?? 'null') as { createdAt: number };
    await redis.hset(key, `s:${seq}`, JSON.stringify({ ...row, createdAt: row.createdAt - ms }));
  }

  const statuses = async (callId: string): Promise<string[]> =>
    (await live.rowsOfCall(callId, TARGET)).map((r) => `${r.seq} ${r.status}`);

  beforeAll(async () => {
    await resetStores();
    dataSource = await createDataSource(TEST_DATABASE_URL).initialize();
    deliveries = new DeliveryRepository(dataSource);
    live = LiveDeliveryStore.connect(TEST_REDIS_URL);
    ledger = new DeliveryLedger(deliveries, live);
    redis = new Redis(TEST_REDIS_URL);
  });

  afterAll(async () => {
    await live.onApplicationShutdown();
    redis.disconnect();
    await dataSource.destroy();
  });

  describe('the ledger: live cards in Redis, records in PostgreSQL', () => {
    it("gives the call's earliest pending delivery as its turn, and says when its phone stopped ringing", async () => {
      await ledger.ensurePending(cardEvent('lab:t1', 1, 'NotifyStart', '1001'));
      await ledger.ensurePending(cardEvent('lab:t1', 2, 'NotifyStart', '1002'));
      await ledger.ensurePending(record('lab:t1', 4));
      expect(await ledger.nextTurn('lab:t1', TARGET)).toMatchObject({
        delivery: { eventKey: 'lab:t1#1', card: '1001', kind: 'live', payload: { id: 'lab:t1#1' } },
        ringingOver: false,
      });
      expect(await dataSource.query(`SELECT 1 FROM deliveries WHERE kind = 'live'`)).toHaveLength(0);

      await ledger.ensurePending(cardEvent('lab:t1', 3, 'NotifyEnd', '1001'));
      expect((await ledger.nextTurn('lab:t1', TARGET))?.ringingOver).toBe(true);
      const second = { eventKey: 'lab:t1#2', target: TARGET, kind: 'live' as const };
      expect((await ledger.findWithCallProgress(second))?.ringingOver).toBe(false);
      expect((await ledger.findWithCallProgress(second))?.earlierPending).toBe(1);
      await live.markDelivered('lab:t1#1', TARGET, 200);
      expect((await ledger.nextTurn('lab:t1', TARGET))?.delivery.eventKey).toBe('lab:t1#2');
      expect(await ledger.nextTurn('lab:nothing', TARGET)).toBeNull();
    });

    it("gives a call's record its turn after its live events, and a late card finds the record delivered", async () => {
      const call = 'lab:r1';
      await ledger.ensurePending(cardEvent(call, 1, 'NotifyStart', '1001'));
      await ledger.ensurePending(cardEvent(call, 2, 'NotifyEnd', '1001'));
      await ledger.ensurePending(record(call, 3));
      const rec = { eventKey: `${call}#record`, target: TARGET, kind: 'record' as const };
      expect((await ledger.findWithCallProgress(rec))?.earlierPending).toBe(2);

      await ledger.markSkipped({ eventKey: `${call}#1`, target: TARGET, kind: 'live' }, 'stale');
      await ledger.markSkipped({ eventKey: `${call}#2`, target: TARGET, kind: 'live' }, 'card: never opened');
      expect((await ledger.nextTurn(call, TARGET))?.delivery).toMatchObject({ eventKey: rec.eventKey, kind: 'record' });
      const found = await ledger.findWithCallProgress(rec);
      expect(found?.earlierPending).toBe(0);
      await ledger.markDelivered(found!.delivery, 200);

      // A card event held up by a fault reaches the ledger after the record: the card rule sees the record out.
      await ledger.ensurePending(cardEvent(call, 5, 'NotifyStart', '1002'));
      const late = await ledger.findWithCallProgress({ eventKey: `${call}#5`, target: TARGET, kind: 'live' });
      expect(late?.recordDelivered).toBe(true);
      expect(await ledger.attemptsOfCall(call, TARGET)).toBe(1);
    });

    it("reads the call's next turn in the step that settles a delivery, and a record's turn in one statement", async () => {
      const call = 'lab:s1';
      await ledger.ensurePending(cardEvent(call, 1, 'NotifyStart', '1001'));
      await ledger.ensurePending(cardEvent(call, 2, 'NotifyEnd', '1001'));
      await ledger.ensurePending({ ...record(call, 3), eventKey: `${call}#3` });
      const recordRef = { eventKey: `${call}#3`, callId: call, target: TARGET, kind: 'record' as const };
      // Not its turn while a live event of its call is pending: nothing to send.
      expect(await ledger.readDurableTurn(recordRef)).toBeNull();

      const start = (await ledger.findWithCallProgress({ eventKey: `${call}#1`, target: TARGET, kind: 'live' }))!;
      expect(await ledger.claimAttempt({ eventKey: `${call}#1`, target: TARGET, kind: 'live' })).toBe(true);
      const afterStart = await ledger.markDelivered(start.delivery, 200);
      expect(afterStart.next).toMatchObject({ delivery: { eventKey: `${call}#2`, kind: 'live' } });

      const end = (await ledger.findWithCallProgress({ eventKey: `${call}#2`, target: TARGET, kind: 'live' }))!;
      // The cards are done: only PostgreSQL can tell what comes next.
      expect((await ledger.markDelivered(end.delivery, 200)).next).toBe('durable');
      const turn = await ledger.readDurableTurn(recordRef);
      expect(turn).toMatchObject({ delivery: { eventKey: `${call}#3`, status: 'pending' }, callAttempts: 0 });

      const afterRecord = await ledger.markDelivered(turn!.delivery, 200);
      // Two card requests: with the record's own, the call cost three (what the budget's per-call figure counts).
      expect(afterRecord).toEqual({ next: 'durable', liveAttempts: 2 });
      expect(await ledger.nextDurableTurn(call, TARGET)).toBeNull();
      expect(await ledger.attemptsOfCall(call, TARGET)).toBe(3);
      expect(await ledger.readDurableTurn(recordRef)).toBeNull();
    });

    it('asks PostgreSQL for a turn only for a call with a durable delivery noted, or when the sweeper saw one', async () => {
      // Written to PostgreSQL behind the ledger's back (as Redis losing its note would leave it): not asked for…
      await deliveries.ensurePending(record('lab:n1', 5));
      expect(await ledger.nextTurn('lab:n1', TARGET)).toBeNull();
      // …but found by the sweeper, which lists PostgreSQL's pending deliveries itself.
      expect((await ledger.nextTurn('lab:n1', TARGET, true))?.delivery.eventKey).toBe('lab:n1#record');
      // Through the ledger the call's record is noted and found.
      await ledger.ensurePending(record('lab:n2', 5));
      expect((await ledger.nextTurn('lab:n2', TARGET))?.delivery.eventKey).toBe('lab:n2#record');
    });

    it('drops a card whole (NotifyStart, NotifyAnswer, its closing NotifyEnd) and nothing of the next card', async () => {
      const call = 'lab:t2';
      await ledger.ensurePending(cardEvent(call, 1, 'NotifyStart', '1001'));
      await ledger.ensurePending(cardEvent(call, 2, 'NotifyAnswer', '1001'));
      await ledger.ensurePending(cardEvent(call, 3, 'NotifyEnd', '1001'));
      // a transfer back to 1001: a new card of the same extension
      await ledger.ensurePending(cardEvent(call, 4, 'NotifyStart', '1001'));
      await ledger.ensurePending(cardEvent(call, 5, 'NotifyEnd', '1001'));
      await ledger.ensurePending(record(call, 6));

      const start = { eventKey: `${call}#1`, target: TARGET, kind: 'live' as const };
      const dropped = await ledger.dropStaleCard(start, 'stale: the phone stopped ringing');

      expect(dropped.sort()).toEqual([`${call}#1`, `${call}#2`, `${call}#3`]);
      expect(await statuses(call)).toEqual(['1 skipped', '2 skipped', '3 skipped', '4 pending', '5 pending']);
      expect((await live.find(`${call}#1`, TARGET))?.lastError).toBe('stale: the phone stopped ringing');
      expect(await deliveries.find(`${call}#record`, TARGET)).toMatchObject({ status: 'pending' });
      // A record is never dropped.
      expect(await ledger.dropStaleCard({ eventKey: `${call}#record`, target: TARGET, kind: 'record' }, 'x')).toEqual(
        [],
      );
    });

    it('drops an answered card whose NotifyStart waited past the grace: the rest of it finds it never opened', async () => {
      const call = 'lab:t2b';
      await live.ensurePending(cardEvent(call, 1, 'NotifyStart', '1001'));
      await live.ensurePending(cardEvent(call, 2, 'NotifyStart', '1002'));
      await live.ensurePending(cardEvent(call, 3, 'NotifyEnd', '1002'));
      await live.ensurePending(cardEvent(call, 4, 'NotifyAnswer', '1001'));
      // Answered at once (a phone that answers by itself): not late, the operator's card goes.
      expect((await live.nextTurn(call, TARGET))?.ringingOver).toBe(false);
      expect(await live.dropStaleCard(`${call}#1`, TARGET, 'stale')).toEqual([]);
      await backdate(call, 1, ANSWERED_CARD_GRACE_MS + 500);
      expect((await live.nextTurn(call, TARGET))?.ringingOver).toBe(true);

      expect((await live.dropStaleCard(`${call}#1`, TARGET, 'stale')).sort()).toEqual([`${call}#1`, `${call}#4`]);
      expect(await live.find(`${call}#2`, TARGET)).toMatchObject({ status: 'pending' });
    });

    it('never drops a card once a send of its NotifyStart began, nor one whose phone still rings', async () => {
      const call = 'lab:t3';
      await live.ensurePending(cardEvent(call, 1, 'NotifyStart', '1001'));
      await live.ensurePending(cardEvent(call, 2, 'NotifyStart', '1002'));
      await live.ensurePending(cardEvent(call, 3, 'NotifyEnd', '1002'));
      expect(await live.dropStaleCard(`${call}#1`, TARGET, 'stale')).toEqual([]);
      await live.ensurePending(cardEvent(call, 4, 'NotifyEnd', '1001'));

      expect(await live.claimAttempt(`${call}#1`, TARGET)).toBe(true);
      expect(await live.dropStaleCard(`${call}#1`, TARGET, 'stale')).toEqual([]);
      expect(await live.find(`${call}#1`, TARGET)).toMatchObject({ status: 'pending' });
      expect(await live.find(`${call}#4`, TARGET)).toMatchObject({ status: 'pending' });
    });

    it('lets a claim and a drop race: exactly one of them wins', async () => {
      for (let i = 0; i < 10; i++) {
        const call = `lab:race${i}`;
        await live.ensurePending(cardEvent(call, 1, 'NotifyStart', '1001'));
        await live.ensurePending(cardEvent(call, 2, 'NotifyEnd', '1001'));
        const [claimed, dropped] = await Promise.all([
          live.claimAttempt(`${call}#1`, TARGET),
          live.dropStaleCard(`${call}#1`, TARGET, 'stale'),
        ]);
        expect({ call, claimed, dropped: dropped.length > 0 }).toEqual({
          call,
          claimed: !dropped.length,
          dropped: !claimed,
        });
      }
    });

    it('adds a known live event once, keeps its payload as it came (empty arrays too), and settles it once', async () => {
      const event = cardEvent('lab:d1', 1, 'NotifyStart', '1001');
      const payload = { ...event.payload, transfers: [], extensions: [] };
      await live.ensurePending({ ...event, payload });
      await live.ensurePending({ ...event, payload: { changed: true } });
      expect((await live.find('lab:d1#1', TARGET))?.payload).toEqual(payload);

      await live.markDelivered('lab:d1#1', TARGET, 200);
      await live.markAttemptFailed('lab:d1#1', TARGET, 'late failure', 502);
      expect(await live.find('lab:d1#1', TARGET)).toMatchObject({ status: 'delivered', attempts: 1, lastError: null });
      expect(await live.isPending('lab:d1#1', TARGET)).toBe(false);
    });

    it("pages through each call's turn, live ones first, and counts a call's attempts in both stores", async () => {
      await dataSource.query('DELETE FROM deliveries');
      await forgetLiveCards(TEST_REDIS_URL);
      for (const call of ['lab:p1', 'lab:p2', 'lab:p3']) {
        await ledger.ensurePending(cardEvent(call, 1, 'NotifyStart', '1001'));
        await ledger.ensurePending(record(call, 2));
      }
      const p1 = { eventKey: 'lab:p1#1', target: TARGET, kind: 'live' as const };
      await ledger.markAttemptFailed(p1, 'HTTP 502', 502);
      await live.markDelivered('lab:p1#1', TARGET, 200);

      const liveTurns = await ledger.pendingLiveTurns();
      expect(liveTurns.map((t) => t.eventKey).sort()).toEqual(['lab:p2#1', 'lab:p3#1']);
      const first = await ledger.listPendingTurns(null, 2);
      expect(first.map((t) => t.eventKey)).toEqual(['lab:p1#record', 'lab:p2#record']);
      const second = await ledger.listPendingTurns(first[1], 2);
      expect(second.map((t) => t.eventKey)).toEqual(['lab:p3#record']);
      expect(await ledger.attemptsOfCall('lab:p1', TARGET)).toBe(2);
    });
  });

  describe('the queue', () => {
    let queue: Queue;
    let producer: Elma365DeliveryProducer;

    beforeAll(async () => {
      await emptyQueues(TEST_REDIS_URL);
      queue = new Queue(QueueName.Elma365Delivery, { connection: redisConnection(TEST_REDIS_URL) });
      producer = new Elma365DeliveryProducer(queue);
    });

    afterAll(async () => {
      await queue.obliterate({ force: true });
      await queue.close();
    });

    const job = { eventKey: 'lab:q1#1', callId: 'lab:q1', kind: 'live' as const, target: TARGET };

    it('adds a job once, and again for a delivery whose finished job BullMQ still keeps — only while it is pending', async () => {
      expect(await producer.ensureQueued(job, async () => true)).toBe(true);
      expect(await producer.ensureQueued(job, async () => true)).toBe(false);
      expect(await producer.hasLiveJob(job)).toBe(true);

      const worker = new Worker(QueueName.Elma365Delivery, null, { connection: redisConnection(TEST_REDIS_URL) });
      const started = await worker.getNextJob('token');
      await started?.moveToCompleted('done', 'token', false);
      await worker.close();
      expect(await producer.hasLiveJob(job)).toBe(false);
      expect(await producer.ensureQueued(job, async () => false)).toBe(false);
      expect(await queue.getJobState('elma365-webhook/lab|q1#1')).toBe('completed');

      expect(await producer.ensureQueued(job, async () => true)).toBe(true);
      expect(await queue.getJobState('elma365-webhook/lab|q1#1')).toBe('prioritized');
    });

    it('withdraws a job no worker has started yet', async () => {
      expect(await producer.withdraw(job)).toBe(true);
      expect(await queue.getJobState('elma365-webhook/lab|q1#1')).toBe('unknown');
      expect(await producer.withdraw(job)).toBe(true);
    });
  });

  describe('the shared request budget', () => {
    let redis: Redis;
    let store: DeliveryBudgetStore;
    const LIMITER = 'connector-test:limiter';

    beforeAll(() => {
      redis = new Redis(TEST_REDIS_URL);
      store = DeliveryBudgetStore.connect(TEST_REDIS_URL);
    });

    afterAll(async () => {
      await store.reset();
      await store.onApplicationShutdown();
      redis.disconnect();
    });

    it('counts the requests of the last minute and remembers a 429 for a while', async () => {
      await store.reset();
      const now = Date.now();
      await store.recordRequest(now - 61_000);
      await store.recordRequest(now - 1000);
      await store.recordRequest(now);
      expect(await store.requestsInWindow(now)).toBe(2);

      expect(await store.rateLimitedRecently()).toBe(false);
      await store.noteRateLimited(60_000);
      expect(await store.rateLimitedRecently()).toBe(true);
    });

    it('gives a limiter slot back only to the window the job was counted in', async () => {
      await redis.set(LIMITER, 25, 'PX', 50_000);
      const windowStart = Date.now() - 10_000;

      expect(await store.refundLimiterSlot(LIMITER, windowStart + 5_000, 60_000)).toBe(true);
      expect(await redis.get(LIMITER)).toBe('24');
      expect(await store.refundLimiterSlot(LIMITER, windowStart - 5_000, 60_000)).toBe(false);
      expect(await redis.get(LIMITER)).toBe('24');

      await redis.del(LIMITER);
      expect(await store.refundLimiterSlot(LIMITER, Date.now(), 60_000)).toBe(false);
      expect(await redis.exists(LIMITER)).toBe(0);
    });
  });

  describe('after a crash left deliveries settled but their next ones unqueued', () => {
    let stub: Elma365Stub;
    let worker: TestingModule;

    afterAll(async () => {
      await worker?.close();
      await stub?.close();
    });

    it('the sweeper on start queues each call again: everything delivered once, in per-call order', async () => {
      await dataSource.query('DELETE FROM deliveries');
      await emptyQueues(TEST_REDIS_URL);
      stub = await Elma365Stub.start({ token: WEBHOOK_TOKEN });
      // What a worker killed between settling a delivery and queueing the next leaves: pending rows, no jobs.
      for (const call of ['lab:c1', 'lab:c2', 'lab:c3']) {
        await ledger.ensurePending(cardEvent(call, 1, 'NotifyStart', '1001'));
        await live.markDelivered(`${call}#1`, TARGET, 200);
        await ledger.ensurePending(cardEvent(call, 2, 'NotifyAnswer', '1001'));
        await ledger.ensurePending(cardEvent(call, 3, 'NotifyEnd', '1001'));
        await ledger.ensurePending(record(call, 4));
      }

      worker = await startInProcess(['worker'], faultEnv(stub));
      await waitFor(() => stub.requests.length >= 9, { timeoutMs: 15_000, what: 'the 9 deliveries left' });
      await new Promise((r) => setTimeout(r, 500));

      expect(await countLedger(TEST_DATABASE_URL, TEST_REDIS_URL, (r) => r.status !== 'delivered')).toBe(0);
      const ids = stub.requests.map((r) => (r.body as WebhookPayloadV1).id);
      expect(ids).toHaveLength(9);
      for (const call of ['lab:c1', 'lab:c2', 'lab:c3']) {
        expect(ids.filter((id) => id.startsWith(`${call}#`))).toEqual([`${call}#2`, `${call}#3`, `${call}#record`]);
      }
    });
  });

  describe('the saturated budget, as /health/ready and /metrics show it', () => {
    let app: INestApplication;
    let store: DeliveryBudgetStore;

    beforeAll(async () => {
      await emptyQueues(TEST_REDIS_URL);
      const moduleRef = await Test.createTestingModule({ imports: [HealthModule, MetricsModule, WorkerModule] })
        .overrideProvider(AppConfig)
        .useValue(testConfig({ ELMA365_RATE_LIMIT_PER_MINUTE: '60' }))
        .compile();
      app = moduleRef.createNestApplication({ logger: false });
      await app.listen(0, '127.0.0.1');
      store = app.get(DeliveryBudgetStore);
      await store.reset();
    });

    afterAll(async () => {
      await store.reset();
      await app.close();
    });

    it('is ready without a word about the budget while it is not saturated', async () => {
      const res = await fetch(`${await app.getUrl()}/health/ready`);
      const body = (await res.json()) as { info: Record<string, unknown> };

      expect(res.status).toBe(200);
      expect(Object.keys(body.info)).not.toContain('elma365Budget');
    });

    it('stays ready (200) and names the warning with the formula for a better limit while saturated', async () => {
      const message = 'ELMA365 request budget saturated for 3 min: … 60 + 10 × licences …';
      await store.saveWarning({ message, since: new Date().toISOString() }, 30_000);
      for (let i = 0; i < 55; i++) await store.recordRequest();
      // The readiness answer before the warning may stand for READINESS_REUSE_MS.
      await new Promise((resolve) => setTimeout(resolve, READINESS_REUSE_MS + 100));

      const res = await fetch(`${await app.getUrl()}/health/ready`);
      const body = (await res.json()) as { status: string; info: Record<string, Record<string, string>> };
      expect(res.status).toBe(200);
      expect(body.status).toBe('ok');
      expect(body.info.elma365Budget).toEqual({ status: 'up', warning: message });

      const metrics = await (await fetch(`${await app.getUrl()}/metrics`)).text();
      expect(metrics).toMatch(/^connector_elma365_budget_used 55$/m);
      expect(metrics).toMatch(/^connector_elma365_budget_limit 60$/m);
      expect(metrics).toMatch(/^connector_elma365_budget_saturated 1$/m);
      expect(metrics).toContain('# TYPE connector_elma365_requests_per_call histogram');
      expect(metrics).toContain('# TYPE connector_elma365_card_lag_seconds histogram');
      expect(metrics).toContain('# TYPE connector_elma365_stale_cards_total counter');
      expect(metrics).toContain('# TYPE connector_elma365_requests_total counter');
    });
  });
});
