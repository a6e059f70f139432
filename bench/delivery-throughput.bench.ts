import { Queue } from 'bullmq';
import { LiveDeliveryStore, DeliveryTarget } from '@app/deliveries';
import { buildEventPayload, buildRecordPayload, Elma365WebhookClient, type WebhookPayloadV1 } from '@app/elma365';
import {
  ELMA365_DELIVERY_CONCURRENCY,
  type Elma365DeliveryJob,
  Elma365DeliveryProducer,
  QueueName,
  redisConnection,
} from '@app/queue';
import type { BenchContext, Benchmark, BenchOutcome } from './shared/benchmark';
import { burstCallEvents, nthRecord } from './shared/call-records';
import { startConnectorApp } from './shared/connector-app';
import { LeanWebhook } from './shared/lean-webhook';
import type { PhaseProfiler } from './shared/phase-profiler';
import { webhookLedger } from './shared/ledger';
import { freshSchema, sql } from './shared/postgres';
import { emptyQueues } from './shared/queues';
import { formatNumber, perSecond } from './shared/stats';

const TARGET = { op: '>=', value: 3_000 } as const;
const SCHEMA = 'bench_scratch';
const PBX_ID = 'bench';
const TOKEN = 'bench-token';
const WORKER_DELIVERIES = 4_000;
const CLIENT_DELIVERIES = 6_000;
/** Per kind, to tell a card's CPU from a record's. */
const KIND_DELIVERIES = 2_000;
const CLIENT_IN_FLIGHT = [ELMA365_DELIVERY_CONCURRENCY, 32];
const LEDGER_BATCH = 1_000;
const TIMEOUT_MS = 120_000;

interface Delivery {
  readonly job: Elma365DeliveryJob;
  readonly seq: number;
  readonly payload: WebhookPayloadV1;
}

/** Which deliveries a run sends: both kinds half and half, or one kind only (to tell what each costs). */
type Mix = 'both' | 'live' | 'record';

/** Live cards (NotifyStart) and/or call records as `mix` says, each of a call of its own so none waits for another. */
function deliveries(count: number, mix: Mix = 'both'): Delivery[] {
  const events = burstCallEvents(PBX_ID);
  const ringing = events.find((e) => e.type === 'call.ringing');
  const records = events.flatMap((e) => (e.type === 'call.finished' ? [e.record] : []));
  if (!ringing) throw new Error('no ringing event in the burst trace');
  return Array.from({ length: count }, (_, n): Delivery => {
    const record = nthRecord(records, n, '4');
    const isLive = mix === 'both' ? n % 2 === 0 : mix === 'live';
    const live = isLive ? buildEventPayload(PBX_ID, { ...ringing, callId: record.callId, seq: 1 }) : null;
    const payload = live ?? buildRecordPayload(record);
    const kind = live ? 'live' : 'record';
    const job = { eventKey: payload.id, callId: record.callId, kind, target: DeliveryTarget.Elma365Webhook } as const;
    return { job, seq: live ? 1 : 2, payload };
  });
}

/**
 * What the worker's call-events handler writes before it schedules: the records' pending rows in PostgreSQL, in
 * bulk, and the live cards' in Redis.
 */
async function fillLedger(url: string, redisUrl: string, all: readonly Delivery[]): Promise<void> {
  const records = all.filter((d) => d.job.kind === 'record');
  for (let at = 0; at < records.length; at += LEDGER_BATCH) {
    const batch = records.slice(at, at + LEDGER_BATCH);
    await sql(
      url,
      `INSERT INTO deliveries (call_id, target, kind, event_key, seq, payload)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::jsonb[])`,
      [
        batch.map((d) => d.job.callId),
        batch.map((d) => d.job.target),
        batch.map((d) => d.job.kind),
        batch.map((d) => d.job.eventKey),
        batch.map((d) => d.seq),
        batch.map((d) => JSON.stringify(d.payload)),
      ],
    );
  }
  const live = LiveDeliveryStore.connect(redisUrl);
  try {
    await Promise.all(
      all
        .filter((d) => d.job.kind === 'live')
        .map((d) =>
          live.ensurePending({
            ...d.job,
            seq: d.seq,
            payload: d.payload,
            card: d.payload.kind === 'event' ? d.payload.card : null,
          }),
        ),
    );
  } finally {
    await live.onApplicationShutdown();
  }
}

async function waitFor(probe: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = performance.now() + TIMEOUT_MS;
  while (!(await probe())) {
    if (performance.now() > deadline) throw new Error(`${what} not reached within ${TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The worker's whole path: job -> ledger checks -> signed POST -> ledger update. */
async function workerRate({ root, databaseUrl, redisUrl, progress, profile }: BenchContext, mix: Mix, count: number) {
  const url = await freshSchema(databaseUrl, SCHEMA);
  let received = 0;
  const webhook = await LeanWebhook.start(() => received++);
  const all = deliveries(count, mix);
  const app = await startConnectorApp({
    root,
    ingest: false,
    progress,
    env: {
      REDIS_URL: redisUrl,
      DATABASE_URL: url,
      ELMA365_WEBHOOK_URL: webhook.url,
      ELMA365_WEBHOOK_TOKEN: TOKEN,
      ELMA365_RATE_LIMIT_PER_MINUTE: '0',
    },
  });
  const queue = new Queue<Elma365DeliveryJob>(QueueName.Elma365Delivery, { connection: redisConnection(redisUrl) });
  try {
    const producer = new Elma365DeliveryProducer(queue);
    // Rows and jobs are in place before the clock starts, as the call-events handler leaves them (with the app
    // running, so that its start-up sweep does not queue them itself): what is measured is the worker's part alone.
    await queue.pause();
    await fillLedger(url, redisUrl, all);
    await Promise.all(all.map((d) => producer.enqueue(d.job)));
    progress(`delivery-throughput: worker, ${count} deliveries (${mix === 'both' ? 'cards and records' : mix})`);
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await profile(`delivery-worker-${mix}`, async () => {
      await queue.resume();
      await waitFor(() => received >= count, `${count} webhook requests`);
    });
    const ms = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const delivered = async () =>
      (await webhookLedger(url, redisUrl)).filter((r) => r.status === 'delivered').length === count;
    await waitFor(delivered, 'every ledger row delivered');
    if (received !== count) throw new Error(`${received} requests for ${count} deliveries`);
    return { rate: perSecond(count, ms), cpuShare: cpuMs / ms, cpuMsEach: cpuMs / count };
  } finally {
    await queue.close();
    await app.close();
    await webhook.close();
    await emptyQueues(redisUrl);
  }
}

/**
 * The webhook client alone (JSON, HMAC signature, fetch with keep-alive), `inFlight` requests at a time: its rate and
 * the CPU it spent per request.
 */
async function clientRate(inFlight: number, profile: PhaseProfiler): Promise<{ rate: number; cpuMsEach: number }> {
  const webhook = await LeanWebhook.start(() => {});
  const client = new Elma365WebhookClient({ url: webhook.url, token: TOKEN });
  const payloads = deliveries(CLIENT_DELIVERIES).map((d) => d.payload);
  try {
    await Promise.all(payloads.slice(0, 200).map((p) => client.send(p)));
    let next = 0;
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const lane = async () => {
      while (next < payloads.length) await client.send(payloads[next++]);
    };
    await profile(`delivery-client-${inFlight}`, () => Promise.all(Array.from({ length: inFlight }, lane)));
    const cpu = process.cpuUsage(cpuStart);
    const rate = perSecond(payloads.length, performance.now() - start);
    return { rate, cpuMsEach: (cpu.user + cpu.system) / 1000 / payloads.length };
  } finally {
    await webhook.close();
  }
}

export const deliveryThroughputBenchmark: Benchmark = {
  name: 'delivery-throughput',
  title: 'Deliveries to a local ELMA365 webhook',
  goal: '>= 3,000 deliveries/s; the worker >= 0.8 of the webhook client alone in the same run',
  async run(context): Promise<BenchOutcome> {
    const { progress, profile } = context;
    // The kinds alone first: they also warm the code up (JIT) for the mixed run, the headline figure.
    const cards = await workerRate(context, 'live', KIND_DELIVERIES);
    const records = await workerRate(context, 'record', KIND_DELIVERIES);
    const worker = await workerRate(context, 'both', WORKER_DELIVERIES);
    const cpu = `${Math.round(worker.cpuShare * 100)} % of one core (${formatNumber(worker.cpuMsEach, 2)} ms of CPU per delivery)`;
    const measured: { rate: number; cpuMsEach: number }[] = [];
    for (const inFlight of CLIENT_IN_FLIGHT) {
      progress(`delivery-throughput: webhook client alone, ${inFlight} in flight`);
      measured.push(await clientRate(inFlight, profile));
    }
    const clients = measured.map((m) => m.rate);
    const share = worker.rate / clients[0];
    return {
      figures: [
        {
          label: 'worker (queue + ledger + signed POST)',
          value: worker.rate,
          unit: 'deliveries/s',
          target: TARGET,
          whyMissed: `the process is CPU-bound on a machine whose two cores it shares with PostgreSQL and Redis: it used ${cpu}. Each delivery is a BullMQ job (fetched, locked and completed by Lua scripts) and, around the POST, three ledger round trips for a card (read the call, claim, settle and read the next turn) or, for a record, two Redis and two PostgreSQL ones besides its batched delivered mark; the webhook client alone does ${formatNumber(clients[0])}/s at the same concurrency`,
        },
        ...CLIENT_IN_FLIGHT.map((inFlight, i) => ({
          label: `webhook client alone, ${inFlight} in flight`,
          value: clients[i],
          unit: 'deliveries/s',
        })),
        {
          label: `worker as a share of the webhook client alone (${ELMA365_DELIVERY_CONCURRENCY} in flight, same run)`,
          value: share,
          unit: 'x',
          target: { op: '>=', value: 0.8 },
          whyMissed: `the worker spent ${formatNumber(worker.cpuMsEach, 3)} ms of CPU per delivery (queue job, ledger, POST) against ${formatNumber(measured[0].cpuMsEach, 3)} ms per request of the client alone: the difference is the job's and the ledger's`,
        },
        { label: 'worker CPU per delivered card or record', value: worker.cpuMsEach, unit: 'ms' },
        { label: 'worker CPU per delivered card (cards only)', value: cards.cpuMsEach, unit: 'ms' },
        { label: 'worker CPU per delivered call record (records only)', value: records.cpuMsEach, unit: 'ms' },
        { label: 'webhook client alone, CPU per request', value: measured[0].cpuMsEach, unit: 'ms' },
      ],
      notes: [
        `Worker: the build's WorkerModule in this process (ELMA365_RATE_LIMIT_PER_MINUTE=0, its elma365-delivery processor at concurrency ${ELMA365_DELIVERY_CONCURRENCY}) against a local webhook that answers 200 at once. ${formatNumber(WORKER_DELIVERIES)} pending deliveries (half NotifyStart cards in the Redis card ledger, half call records in PostgreSQL, each of its own call so no delivery waits for an earlier one) and their jobs (Elma365DeliveryProducer) are written first, on a paused queue; the clock runs from resuming it to the last request's arrival; every row is then checked delivered. The process (worker and webhook) used ${cpu} during the run. Before it, the same with ${formatNumber(KIND_DELIVERIES)} cards only, then ${formatNumber(KIND_DELIVERIES)} records only, for the CPU of each kind (and to warm the code up). \`npm run bench -- --only delivery-throughput --profile DIR\` writes a CPU profile of each measured phase (bench/profile-summary.ts reads it).`,
        `Where the worker's time went (issue 15), measured by this method on this machine on 2026-12-02: before (commit ae1ecb9) a card cost 0.99 ms of CPU, a record 2.02 ms, the mix 1.47 ms, and the webhook client alone 0.4–0.5 ms a request; after, about 0.45, 0.86 and 0.58 ms, the client alone 0.15 ms. The webhook client posts over node:http with keep-alive instead of fetch (undici's streams cost about three times the CPU a request). A record went through five PostgreSQL statements on TypeORM's query runner (about 70 µs of CPU each on top of the statement: acquire, broadcast, release) and four Redis round trips; it now takes one read that checks its turn and sums the call's attempts, the batched delivered mark and its next turn, as plain SQL on the pg pool, and two Redis round trips (its live events before it; the record noted together with the call's next turn and its cards' attempts). A card took four Redis round trips; it takes three (settling it and reading the call's next turn is one Lua script). What is left is flat in the profile (no function above 1 %): BullMQ's job (fetch, lock and complete scripts, events), ioredis, the HTTP request and garbage collection.`,
        `Webhook client alone: Elma365WebhookClient.send (payload JSON, Standard-Webhooks HMAC signature, fetch with keep-alive) of ${formatNumber(CLIENT_DELIVERIES)} of the same payloads, at ${CLIENT_IN_FLIGHT.join(' and ')} requests in flight (${ELMA365_DELIVERY_CONCURRENCY} is the processor's concurrency).`,
      ],
    };
  },
};
