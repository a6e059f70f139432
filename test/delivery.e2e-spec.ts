import type { TestingModule } from '@nestjs/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { WebhookPayloadV1 } from '@app/elma365';
import { DeliveryMetrics } from '@app/ops';
import { QueueName, redisConnection } from '@app/queue';
import { AmiTestServer, Elma365Stub, Elma365StubRequest, waitFor } from '@app/testing';
import { checkCardRule } from './support/card-rule';
import { callTraces } from './support/recorded-traces';
import { multipliedTrace } from './support/multiplied-trace';
import { emptyQueues } from './support/fault-harness';
import { countLedger, ledgerRows } from './support/ledger-rows';
import { TEST_REDIS_URL } from './support/test-database';
import { query, resetStores, startConnector, TEST_DATABASE_URL, WEBHOOK_TOKEN } from './support/delivery-harness';

const payloadOf = (r: Elma365StubRequest): WebhookPayloadV1 => r.body as WebhookPayloadV1;

/** The delivery queue's global rate limit counts `used` requests in a window that ends in `forMs`. */
async function spendRateLimit(used: number, forMs: number): Promise<void> {
  const queue = new Queue(QueueName.Elma365Delivery, { connection: redisConnection(TEST_REDIS_URL) });
  const redis = new Redis(TEST_REDIS_URL);
  try {
    await redis.set(queue.keys.limiter, used, 'PX', forMs);
  } finally {
    redis.disconnect();
    await queue.close();
  }
}

function npmDeliveries(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = [`DATABASE_URL=${TEST_DATABASE_URL}`, `REDIS_URL=${TEST_REDIS_URL}`];
  const run = spawnSync('env', [...env, 'npm', 'run', 'deliveries', '--', ...args], {
    cwd: resolve(__dirname, '..'),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

async function waitForRows(sql: string, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await query(sql)).length < count) {
    if (Date.now() > deadline) throw new Error(`${count} row(s) of "${sql}" not seen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function seqOf(p: WebhookPayloadV1): number {
  return p.kind === 'record' ? Number.MAX_SAFE_INTEGER : Number(p.id.split('#').at(-1));
}

/** Requests the stub answered 2xx to, grouped by call, in arrival order. */
function deliveredByCall(stub: Elma365Stub, okIds: Set<string>): Map<string, WebhookPayloadV1[]> {
  const byCall = new Map<string, WebhookPayloadV1[]>();
  for (const r of stub.requests) {
    const p = payloadOf(r);
    if (!okIds.has(p.id)) continue;
    byCall.set(p.callId, [...(byCall.get(p.callId) ?? []), p]);
  }
  return byCall;
}

async function deliveredIds(): Promise<Set<string>> {
  const rows = await ledgerRows(TEST_DATABASE_URL, TEST_REDIS_URL);
  return new Set(rows.filter((r) => r.status === 'delivered').map((r) => r.eventKey));
}

async function recordsDelivered(count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await query<{ n: string }>(
      `SELECT count(*) AS n FROM deliveries WHERE kind = 'record' AND status = 'delivered'`,
    );
    if (Number(rows[0].n) >= count) return;
    if (Date.now() > deadline) throw new Error(`${count} delivered call record(s) not seen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('ingest -> Redis -> worker -> ELMA365 webhook and Postgres', () => {
  let stub: Elma365Stub;
  let servers: AmiTestServer[] = [];
  let apps: TestingModule[] = [];

  beforeEach(async () => {
    await resetStores();
    stub = await Elma365Stub.start({ token: WEBHOOK_TOKEN });
  });

  afterEach(async () => {
    for (const app of apps) await app.close();
    apps = [];
    for (const s of servers) await s.close();
    servers = [];
    await stub.close();
  });

  it.each(callTraces().map((t) => [t.name, t] as const))(
    '%s: one calls row per call, every ELMA365 request signed and in per-call order, the record last',
    async (_name, trace) => {
      servers = [await AmiTestServer.start({ trace: trace.ami })];
      apps = [await startConnector(servers[0], stub)];

      await recordsDelivered(trace.truth.length, 15_000);
      const rows = await query<{ call_id: string; disposition: string }>('SELECT call_id, disposition FROM calls');
      expect(rows).toHaveLength(trace.truth.length);
      expect(rows.map((r) => r.disposition).sort()).toEqual(trace.truth.map((t) => t.disposition).sort());

      expect(stub.requests.every((r) => r.signatureValid && r.tokenValid)).toBe(true);
      const ok = await deliveredIds();
      const byCall = deliveredByCall(stub, ok);
      expect(byCall.size).toBe(trace.truth.length);
      for (const [callId, payloads] of byCall) {
        const seqs = payloads.map(seqOf);
        expect({ callId, seqs }).toEqual({ callId, seqs: [...seqs].sort((a, b) => a - b) });
        expect(payloads.at(-1)?.kind).toBe('record');
        expect(new Set(payloads.map((p) => p.id)).size).toBe(payloads.length);
      }
    },
    30_000,
  );

  it('sends the ring-group cards of trace 01 as ELMA365 expects them', async () => {
    servers = [await AmiTestServer.start({ trace: '01-inbound-answered' })];
    apps = [await startConnector(servers[0], stub)];
    await recordsDelivered(1, 15_000);

    const sent = stub.requests
      .map(payloadOf)
      .map((p) =>
        p.kind === 'record'
          ? `record ${p.record.disposition} ${p.record.duration}`
          : `${p.event.event} ${p.event.dstPhoneExt ?? p.event.dstPhone}${p.event.disposition ? ` ${p.event.disposition}` : ''}`,
      );
    // a card per ringing phone; 1001's closes Cancel when 1002 answers, 1002's closes Answered when the call ends
    expect(sent).toEqual([
      'NotifyStart 1002',
      'NotifyStart 1001',
      'NotifyEnd 1001 Cancel',
      'NotifyAnswer 1002',
      'NotifyEnd 1002 Answered',
      expect.stringMatching(/^record Answered 3(\.\d+)?$/),
    ]);
    const cards = stub.requests
      .map(payloadOf)
      .flatMap((p) =>
        p.kind === 'event'
          ? [{ callId: p.callId, card: p.card ?? '', event: p.event.event, disposition: p.event.disposition }]
          : [],
      );
    expect(checkCardRule(cards).breaches).toEqual([]);
  });

  it('delivers every record exactly once after ELMA365 was down during a burst, in per-call order', async () => {
    stub.fail(503);
    servers = [await AmiTestServer.start({ trace: '14-concurrent-burst' })];
    apps = [await startConnector(servers[0], stub)];
    await waitFor(() => stub.requests.length >= 20, { timeoutMs: 10_000, what: 'failed attempts' });
    stub.ok();

    await recordsDelivered(20, 20_000);
    const ok = await deliveredIds();
    const records = stub.requests.filter((r) => r.status === 200 && payloadOf(r).kind === 'record');
    expect(records).toHaveLength(20);
    expect(new Set(records.map((r) => payloadOf(r).callId)).size).toBe(20);
    for (const [, payloads] of deliveredByCall(stub, ok)) {
      const seqs = payloads.map(seqOf);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
    const rows = await query<{ n: string }>('SELECT count(*) AS n FROM calls');
    expect(Number(rows[0].n)).toBe(20);
  }, 40_000);

  it('waits out a 429 for at least its Retry-After before trying again', async () => {
    stub.rateLimit(2);
    servers = [await AmiTestServer.start({ trace: '10-internal-call' })];
    apps = [await startConnector(servers[0], stub)];
    await waitFor(() => stub.requests.length >= 1, { timeoutMs: 10_000, what: 'the first attempt' });
    const limited = stub.requests[0];
    const limitedAt = limited.receivedAtMs;
    stub.ok();

    await recordsDelivered(1, 15_000);
    // Requests already on their way when the 429 came back may still arrive; the refused one itself waits.
    const next = stub.requests.find(
      (r) => r.receivedAtMs > limitedAt && r.status === 200 && payloadOf(r).id === payloadOf(limited).id,
    );
    expect(next).toBeDefined();
    expect((next?.receivedAtMs ?? 0) - limitedAt).toBeGreaterThanOrEqual(2000);
  }, 30_000);

  it('delivers nothing twice when two replicas (ingest and worker) watch the same PBX', async () => {
    servers = [
      await AmiTestServer.start({ trace: '12-attended-transfer' }),
      await AmiTestServer.start({ trace: '12-attended-transfer' }),
    ];
    apps = [await startConnector(servers[0], stub), await startConnector(servers[1], stub, { keepQueues: true })];
    await recordsDelivered(1, 15_000);
    await new Promise((r) => setTimeout(r, 1000));

    const ids = stub.requests.filter((r) => r.status === 200).map((r) => payloadOf(r).id);
    expect(new Set(ids).size).toBe(ids.length);
    const rows = await query<{ n: string }>('SELECT count(*) AS n FROM calls');
    expect(Number(rows[0].n)).toBe(1);
  }, 30_000);

  it('keeps refused deliveries as dead letters that `npm run deliveries` lists and replays once ELMA365 accepts', async () => {
    stub.fail(400);
    servers = [await AmiTestServer.start({ trace: '06-outbound-answered' })];
    apps = [await startConnector(servers[0], stub)];
    await waitForRows(`SELECT 1 FROM deliveries WHERE kind = 'record' AND status = 'dead'`, 1, 15_000);

    const listed = npmDeliveries(['list']);
    expect(listed.status).toBe(0);
    const dead = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; lastStatusCode: number });
    expect(dead.map((d) => d.kind)).toContain('record');
    expect(dead.every((d) => d.lastStatusCode === 400)).toBe(true);

    stub.ok();
    const replayed = npmDeliveries(['replay-all']);
    expect(replayed.status).toBe(0);
    expect(replayed.stderr).toContain(`${dead.length} delivery(ies) scheduled again`);
    await recordsDelivered(1, 15_000);
    const records = stub.requests.filter((r) => r.status === 200 && payloadOf(r).kind === 'record');
    expect(records).toHaveLength(1);
    expect(npmDeliveries(['list']).stdout).toBe('');
  }, 60_000);

  it('says how to use the deliveries command', () => {
    const run = npmDeliveries(['replay']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage: npm run deliveries');
  });

  it('loses nothing while ELMA365 refuses connections during 200 calls: every record once, in per-call order', async () => {
    await stub.refuse();
    servers = [await AmiTestServer.start({ trace: multipliedTrace('14-concurrent-burst', 10), chunkSize: 65536 })];
    apps = [
      await startConnector(servers[0], stub, {
        env: { ELMA365_RETRY_SCHEDULE: Array.from({ length: 60 }, () => '1s').join(',') },
      }),
    ];
    await waitForRows('SELECT 1 FROM calls', 200, 60_000);
    await stub.resume();

    await recordsDelivered(200, 60_000);
    const ok = await deliveredIds();
    const records = stub.requests.filter((r) => r.status === 200 && payloadOf(r).kind === 'record');
    expect(records).toHaveLength(200);
    expect(new Set(records.map((r) => payloadOf(r).id)).size).toBe(200);
    for (const [callId, payloads] of deliveredByCall(stub, ok)) {
      const seqs = payloads.map(seqOf);
      expect({ callId, seqs }).toEqual({ callId, seqs: [...seqs].sort((a, b) => a - b) });
    }
  }, 150_000);

  it("uses the configured requests per minute fully and never more: waiting for a call's order spends no slot", async () => {
    // Paced so that phones ring for a while, as on a PBX: played in milliseconds, every card's ringing would be over
    // before a worker could take its job, and the cards dropped as stale would leave nothing to spend the minute on.
    servers = [await AmiTestServer.start({ trace: '14-concurrent-burst', chunkSize: 4096, chunkDelayMs: 100 })];
    apps = [await startConnector(servers[0], stub, { env: { ELMA365_RATE_LIMIT_PER_MINUTE: '25' } })];
    await waitFor(() => stub.requests.length >= 25, { timeoutMs: 15_000, what: 'the first 25 requests' });
    // Without the limit the whole burst (20 calls, their cards and records) arrives well within this pause.
    await new Promise((resolve) => setTimeout(resolve, 5000));

    const first = stub.requests[0].receivedAtMs;
    const inFirstMinute = stub.requests.filter((r) => r.receivedAtMs - first < 60_000);
    expect(inFirstMinute).toHaveLength(25);
    // What is left waits in the ledger for the next minute; nothing was lost or sent twice meanwhile.
    expect(await countLedger(TEST_DATABASE_URL, TEST_REDIS_URL, (r) => r.status === 'pending')).toBeGreaterThan(0);
    const ids = inFirstMinute.map((r) => payloadOf(r).id);
    expect(new Set(ids).size).toBe(ids.length);
  }, 30_000);

  it('drops the cards whose ringing ended before their turn under a tight limit, with their NotifyEnd; every record arrives', async () => {
    // This minute's budget is spent already (the company's other scripts) when the burst comes: for the next
    // 3 seconds nothing may go, and every call of the burst rings and ends meanwhile.
    await emptyQueues(TEST_REDIS_URL);
    await spendRateLimit(30, 3000);
    servers = [await AmiTestServer.start({ trace: '14-concurrent-burst' })];
    apps = [await startConnector(servers[0], stub, { env: { ELMA365_RATE_LIMIT_PER_MINUTE: '30' }, keepQueues: true })];
    await recordsDelivered(20, 20_000);

    const stale = (await ledgerRows(TEST_DATABASE_URL, TEST_REDIS_URL))
      .filter((r) => r.status === 'skipped' && (r.lastError ?? '').startsWith('stale: the phone stopped ringing'))
      .sort((a, b) => a.callId.localeCompare(b.callId) || a.seq - b.seq);
    const dropped = stale.filter((r) => r.event === 'NotifyStart');
    expect(dropped.length).toBeGreaterThan(0);
    // A card goes whole: its NotifyStart with its closing NotifyEnd (and its NotifyAnswer, if any).
    for (const start of dropped) {
      const card = stale.filter((r) => r.callId === start.callId && r.card === start.card).map((r) => r.event);
      expect({ card: `${start.callId} ${start.card}`, events: card }).toEqual({
        card: `${start.callId} ${start.card}`,
        events: expect.arrayContaining(['NotifyStart', 'NotifyEnd']),
      });
    }
    // Nothing of a dropped card reached ELMA365, and what did keeps the card rule (no End without its Start).
    const sent = stub.requests.map(payloadOf);
    const sentIds = new Set(sent.map((p) => p.id));
    expect(stale.filter((r) => sentIds.has(r.eventKey))).toEqual([]);
    const cards = sent.flatMap((p) =>
      p.kind === 'event'
        ? [{ callId: p.callId, card: p.card ?? '', event: p.event.event, disposition: p.event.disposition }]
        : [],
    );
    expect(checkCardRule(cards).breaches).toEqual([]);
    // Records are never dropped: every delivery is delivered or part of a card dropped as stale (a row of it that
    // reached the ledger after the drop finds the card never opened).
    const rest = (await ledgerRows(TEST_DATABASE_URL, TEST_REDIS_URL)).filter(
      (r) =>
        r.status !== 'delivered' &&
        !(
          r.status === 'skipped' &&
          r.kind === 'live' &&
          ((r.lastError ?? '').startsWith('stale: the phone stopped ringing') || r.lastError === 'card: never opened')
        ),
    );
    expect(rest.map((r) => `${r.eventKey} ${r.status}`)).toEqual([]);
    const counted = await apps[0].get(DeliveryMetrics).staleCards.get();
    expect(counted.values.reduce((sum, v) => sum + v.value, 0)).toBe(dropped.length);
    // Here every card of the burst had ended before the budget let anything go: only the records were sent.
    expect(dropped).toHaveLength(20);
    expect(sent.map((p) => p.kind)).toEqual(Array.from({ length: 20 }, () => 'record'));
  }, 30_000);
});
