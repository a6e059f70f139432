import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { WebhookPayloadV1 } from '@app/elma365';
import { CALL_EVENTS_CONCURRENCY, QueueName } from '@app/queue';
import { amiUrlOf, idlePbx } from './shared/ami-server';
import { DelayProxyProcess } from './shared/delay-proxy';
import type { Benchmark, BenchContext, BenchOutcome, Figure } from './shared/benchmark';
import { startConnectorApp } from './shared/connector-app';
import { LeanWebhook } from './shared/lean-webhook';
import { stageReport } from './shared/pipeline-stages';
import { freshSchema } from './shared/postgres';
import { emptyQueues } from './shared/queues';
import { RecordedCallFactory, RINGING_TRACE } from './shared/ringing-calls';
import { formatMs, formatNumber, summarize } from './shared/stats';

const CALLS_PER_SECOND = 50;
const SECONDS = 20;
const RING_MS = 2_000;
const TICK_MS = 2;
const PBX_ID = 'bench';
const SCHEMA = 'bench_scratch';
const DRAIN_MS = 30_000;
const RECORDS_DRAIN_MS = 15_000;
const DATABASE_DELAY_MS = 5;

/** Waits for `done()`, checking every 20 ms; false when `ms` passed first. */
async function until(done: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/** One run's figures: the first cards' latencies and how the call-events consumer kept up. */
interface ScreenPopRun {
  readonly latency: ReturnType<typeof summarize>;
  readonly stages: string;
  readonly eventJobMs: number;
  /** tracker events/s the consumer can handle (its concurrency over its median job time) / events/s arriving */
  readonly headroom: number;
  readonly lastCardAfterLastWriteMs: number;
  readonly recordsDrainMs: number | null;
  readonly records: number;
  readonly requests: number;
}

const TOTAL = CALLS_PER_SECOND * SECONDS;

async function screenPopRun(
  { root, redisUrl, progress }: BenchContext,
  databaseUrl: string,
  label: string,
): Promise<ScreenPopRun> {
  const factory = new RecordedCallFactory();
  const { eventsPerCall } = factory.check();
  const calls = Array.from({ length: TOTAL }, (_, k) => factory.call(k + 1));
  const sentAt = new Map<string, number>();
  const cards = new Map<string, { written: number; received: number }>();
  let requests = 0;
  let records = 0;
  const webhook = await LeanWebhook.start((body, receivedAt) => {
    requests++;
    const payload = JSON.parse(body) as WebhookPayloadV1;
    if (payload.kind === 'record') records++;
    else if (payload.event.event === 'NotifyStart' && !cards.has(payload.callId)) {
      const written = sentAt.get(payload.callId);
      if (written !== undefined) cards.set(payload.callId, { written, received: receivedAt });
    }
  });
  const ami = await idlePbx();
  const app = await startConnectorApp({
    root,
    ingest: true,
    progress,
    env: {
      AMI_URL: amiUrlOf(ami, PBX_ID),
      REDIS_URL: redisUrl,
      DATABASE_URL: databaseUrl,
      ELMA365_WEBHOOK_URL: webhook.url,
      ELMA365_WEBHOOK_TOKEN: 'bench-token',
      ELMA365_RATE_LIMIT_PER_MINUTE: '0',
    },
  });
  try {
    await ami.waitForLogins(1, { accepted: true, timeoutMs: 10_000 });
    await ami.waitForAction('CoreShowChannels', { timeoutMs: 10_000 });
    progress(`screen-pop${label}: ${TOTAL} calls, ${CALLS_PER_SECOND}/s for ${SECONDS} s, each ringing ${RING_MS} ms`);
    const start = performance.now();
    let started = 0;
    let ended = 0;
    while (ended < TOTAL) {
      const now = performance.now() - start;
      for (; started < TOTAL && started * (1000 / CALLS_PER_SECOND) <= now; started++) {
        sentAt.set(`${PBX_ID}:${calls[started].linkedid}`, performance.now());
        ami.send(calls[started].ring);
      }
      for (; ended < started && ended * (1000 / CALLS_PER_SECOND) + RING_MS <= now; ended++) ami.send(calls[ended].end);
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    }
    const lastWrite = performance.now();
    const allPopped = await until(() => cards.size >= TOTAL, DRAIN_MS);
    const drainStart = performance.now();
    const allRecorded = await until(() => records >= TOTAL, RECORDS_DRAIN_MS);
    const drainMs = performance.now() - drainStart;
    if (!allPopped) throw new Error(`only ${cards.size} of ${TOTAL} calls got a live card within ${DRAIN_MS} ms`);
    // BullMQ's job times are epoch milliseconds: the cards' times are moved onto that clock.
    const epoch = (t: number) => performance.timeOrigin + t;
    const stages = await stageReport(
      app.get<Queue>(getQueueToken(QueueName.CallEvents), { strict: false }),
      app.get<Queue>(getQueueToken(QueueName.Elma365Delivery), { strict: false }),
      new Map([...cards].map(([id, c]) => [id, { written: epoch(c.written), received: epoch(c.received) }])),
    );
    const capacity = (CALL_EVENTS_CONCURRENCY * 1000) / Math.max(stages.eventJobMs, 0.001);
    return {
      latency: summarize([...cards.values()].map((c) => c.received - c.written)),
      stages: stages.stages,
      eventJobMs: stages.eventJobMs,
      headroom: capacity / (CALLS_PER_SECOND * eventsPerCall),
      lastCardAfterLastWriteMs: Math.max(...[...cards.values()].map((c) => c.received)) - lastWrite,
      recordsDrainMs: allRecorded ? drainMs : null,
      records,
      requests,
    };
  } finally {
    await app.close();
    await ami.close();
    await webhook.close();
    await emptyQueues(redisUrl);
  }
}

function whyLatencyMissed(run: ScreenPopRun, percentile: 'p50' | 'p99'): string {
  if (run.headroom < 1) {
    return `the worker's call-events consumer spends ${formatMs(run.eventJobMs)} per tracker event, so it handles ${formatNumber(run.headroom, 2)}x the events arriving: the queue grows for the whole run and cards wait in it (median / p99 per stage: ${run.stages})`;
  }
  return percentile === 'p50'
    ? `a card crosses two queues and a handful of Redis round trips (median / p99 per stage: ${run.stages})`
    : `the tail follows bursts of other work in the same process and on the same 2 cores: finished calls (upsert, record payload, NotifyEnd cards) and the webhook itself (median / p99 per stage: ${run.stages})`;
}

function runFigures(run: ScreenPopRun, suffix: string): Figure[] {
  return [
    {
      label: `p50${suffix}`,
      value: run.latency.p50,
      unit: 'ms',
      target: { op: '<=', value: 5 },
      whyMissed: whyLatencyMissed(run, 'p50'),
    },
    {
      label: `p99${suffix}`,
      value: run.latency.p99,
      unit: 'ms',
      target: { op: '<=', value: 25 },
      whyMissed: whyLatencyMissed(run, 'p99'),
    },
    { label: `max${suffix}`, value: run.latency.max, unit: 'ms' },
    {
      label: `call-events consumer headroom${suffix} (events/s it can handle / events/s arriving)`,
      value: run.headroom,
      unit: 'x',
      target: { op: '>=', value: 10 },
      whyMissed: `${formatMs(run.eventJobMs)} per tracker event (median), ${CALL_EVENTS_CONCURRENCY} calls side by side`,
    },
  ];
}

function runNote(run: ScreenPopRun, title: string): string {
  const records =
    run.recordsDrainMs === null
      ? `only ${formatNumber(run.records, 0)} of ${formatNumber(TOTAL, 0)} call records were delivered ${formatMs(RECORDS_DRAIN_MS)} after the last card: the worker did not keep up`
      : `all ${formatNumber(TOTAL, 0)} call records were delivered ${formatMs(run.recordsDrainMs)} after the last card`;
  return `${title}: ${formatNumber(run.latency.count, 0)} first cards, mean ${formatMs(run.latency.mean)}; the last arrived ${formatMs(run.lastCardAfterLastWriteMs)} after the last write. Stages, median / p99 (from BullMQ's job times, whole milliseconds): ${run.stages}. The call-events consumer took ${formatMs(run.eventJobMs)} per tracker event (median). ${records}; ${formatNumber(run.requests, 0)} webhook requests in all.`;
}

export const screenPopBenchmark: Benchmark = {
  name: 'screen-pop',
  title: 'Screen-pop latency (AMI to ELMA365 live card)',
  goal: 'p99 <= 25 ms at 50 new calls/s, with and without a 5 ms database delay; consumer headroom >= 10',
  async run(context: BenchContext): Promise<BenchOutcome> {
    const { ringingCards, eventsPerCall } = new RecordedCallFactory().check();
    const url = await freshSchema(context.databaseUrl, SCHEMA);
    const plain = await screenPopRun(context, url, '');
    const db = new URL(url);
    const proxy = await DelayProxyProcess.start(db.hostname, Number(db.port || 5432), DATABASE_DELAY_MS);
    let delayed: ScreenPopRun;
    try {
      await freshSchema(context.databaseUrl, SCHEMA);
      delayed = await screenPopRun(context, proxy.urlFor(url), ` (${DATABASE_DELAY_MS} ms database delay)`);
    } finally {
      await proxy.close();
    }
    return {
      figures: [...runFigures(plain, ''), ...runFigures(delayed, ` with a ${DATABASE_DELAY_MS} ms database delay`)],
      notes: [
        `AMI test server over TCP -> ingest -> Redis -> worker (live cards: Redis ledger; records: PostgreSQL) -> HTTP to a local webhook, ingest and worker from the build in one Nest context as test/support/delivery-harness.ts starts them (ELMA365_RATE_LIMIT_PER_MINUTE=0), in the same process as the AMI server and the webhook.`,
        `${formatNumber(TOTAL, 0)} calls at ${CALLS_PER_SECOND} new calls/s for ${SECONDS} s: the recorded ring-group call of \`${RINGING_TRACE}\` (${ringingCards} phones ring, nobody answers, ${eventsPerCall} tracker events per call) with its own ids; its events up to both phones ringing are written at once, the rest (ringing stops, hang-up, CDR) ${RING_MS / 1000} s later, so about ${Math.round((CALLS_PER_SECOND * RING_MS) / 1000)} calls ring at a time and finished calls are stored and delivered meanwhile.`,
        `Latency: from the write of a call's ringing events on the AMI socket to the arrival of its first NotifyStart card at the webhook, per call. Headroom: the call-events consumer's capacity (${CALL_EVENTS_CONCURRENCY} calls side by side over its median time per tracker event) divided by the ${formatNumber(CALLS_PER_SECOND * eventsPerCall, 0)} tracker events/s this load brings.`,
        `The second run puts a TCP proxy (libs/testing TcpDelayProxy, in a process of its own so that it takes no CPU from the connector's) between the connector and PostgreSQL that holds every chunk the connector sends back ${DATABASE_DELAY_MS} ms: every database round trip takes ${DATABASE_DELAY_MS} ms longer, as on a database host across a network or a disk with slow commits.`,
        runNote(plain, 'Without a delay'),
        runNote(delayed, `With the ${DATABASE_DELAY_MS} ms database delay`),
      ],
    };
  },
};
