import type { WebhookPayloadV1 } from '@app/elma365';
import { amiUrlOf, idlePbx } from './shared/ami-server';
import type { Benchmark, BenchOutcome, Figure } from './shared/benchmark';
import { startConnectorApp } from './shared/connector-app';
import { LeanWebhook } from './shared/lean-webhook';
import { webhookLedger } from './shared/ledger';
import { freshSchema } from './shared/postgres';
import { emptyQueues } from './shared/queues';
import { formatMs, formatNumber, percentile } from './shared/stats';
import { stamp, type TimedCall, TimedCallTemplate } from './shared/timed-calls';

const PBX_ID = 'bench';
const SCHEMA = 'bench_cards';
/** recorded gaps between a call's events are played this many times longer: lab phones answer in ~2 s */
const STRETCH = 3;
const EXTRA_PHONE = '1004';
const TICK_MS = 5;
const LIMITS = [60, 120, 300] as const;
/** a run whose calls ask for at least the whole budget lasts long enough for the 60 s window to fill */
const FULL_LOAD_S = 80;
const LIGHT_LOAD_S = 30;
/** after the last call's last event: how long the records may take to arrive */
const DRAIN_MS = 120_000;
const TARGET_IN_TIME = 95;
const TARGET_LATE_SENT = 5;

type ScenarioKey = 'office' | 'call-centre';

/** A peak as a repeating minute: which recorded call starts when (ms into the minute). */
interface Scenario {
  readonly key: ScenarioKey;
  readonly label: string;
  readonly minute: readonly { readonly atMs: number; readonly template: TimedCallTemplate }[];
  /** the load needs at least this budget (requests a minute), counted on the recorded calls: a long run below it */
  readonly fullLoadBelow: number;
}

interface Run {
  readonly scenario: Scenario;
  readonly limit: number;
  readonly seconds: number;
}

interface Arrival {
  readonly payload: WebhookPayloadV1;
  /** epoch ms */
  readonly at: number;
}

interface PlayedCall {
  readonly callId: string;
  readonly call: TimedCall;
  /** epoch ms at which each ring-ending event was written, by phone */
  readonly ringEndAt: Map<string, number>;
  /** epoch ms of the call's last event */
  endAt: number;
}

interface RunResult {
  readonly run: Run;
  readonly figures: Figure[];
  readonly note: string;
}

function scenarios(): Scenario[] {
  const answered = TimedCallTemplate.fromTrace('01-inbound-answered').withExtraPhone(EXTRA_PHONE);
  const missed = TimedCallTemplate.fromTrace('03-inbound-missed').withExtraPhone(EXTRA_PHONE);
  const outbound = TimedCallTemplate.fromTrace('06-outbound-answered');
  const queue = TimedCallTemplate.fromTrace('13-queue-answered');
  for (const t of [answered, missed]) {
    if (t.phones().length !== 3) throw new Error(`${t.name}: rings ${t.phones().join(', ')}, not 3 phones`);
  }
  const inbound = [answered, answered, missed, answered, answered, missed];
  return [
    {
      key: 'office',
      label: 'office peak',
      minute: [
        ...inbound.map((template, i) => ({ atMs: i * 10_000, template })),
        ...[0, 1, 2].map((i) => ({ atMs: 5_000 + i * 20_000, template: outbound })),
      ].sort((a, b) => a.atMs - b.atMs),
      fullLoadBelow: 60,
    },
    {
      key: 'call-centre',
      label: 'call-centre peak',
      minute: Array.from({ length: 20 }, (_, i) => ({ atMs: i * 3_000, template: queue })),
      fullLoadBelow: 120,
    },
  ];
}

/** Waits for `done()`, checking every 250 ms; false when `ms` passed first. */
async function until(done: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!(await done())) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return true;
}

const epochNow = () => performance.timeOrigin + performance.now();
const pct = (part: number, whole: number) => (whole === 0 ? 0 : (part * 100) / whole);
const p = (samples: number[], q: number) =>
  samples.length === 0
    ? NaN
    : percentile(
        [...samples].sort((a, b) => a - b),
        q,
      );

/** the extension whose card an event payload opens or closes */
function cardOf(payload: WebhookPayloadV1): string | null {
  if (payload.kind !== 'event') return null;
  if (payload.card !== undefined) return payload.card;
  const e = payload.event;
  return (e.direction === 'out' ? e.srcPhoneExt : e.dstPhoneExt) ?? null;
}

async function playRun(run: Run, copyBase: number, ctx: Parameters<Benchmark['run']>[0]): Promise<RunResult> {
  const { scenario, limit } = run;
  const arrivals: Arrival[] = [];
  let listening = true;
  const webhook = await LeanWebhook.start((body, receivedAt) => {
    if (listening)
      arrivals.push({ payload: JSON.parse(body) as WebhookPayloadV1, at: performance.timeOrigin + receivedAt });
  });
  const ami = await idlePbx();
  const url = await freshSchema(ctx.databaseUrl, SCHEMA);
  const app = await startConnectorApp({
    root: ctx.root,
    ingest: true,
    progress: ctx.progress,
    env: {
      AMI_URL: amiUrlOf(ami, PBX_ID),
      REDIS_URL: ctx.redisUrl,
      DATABASE_URL: url,
      ELMA365_WEBHOOK_URL: webhook.url,
      ELMA365_WEBHOOK_TOKEN: 'bench-token',
      ELMA365_RATE_LIMIT_PER_MINUTE: String(limit),
    },
  });
  try {
    await ami.waitForLogins(1, { accepted: true, timeoutMs: 10_000 });
    await ami.waitForAction('CoreShowChannels', { timeoutMs: 10_000 });
    const loadMs = run.seconds * 1000;
    const starts: { atMs: number; template: TimedCallTemplate }[] = [];
    for (let minute = 0; minute * 60_000 < loadMs; minute++) {
      for (const s of scenario.minute) {
        const atMs = minute * 60_000 + s.atMs;
        if (atMs < loadMs) starts.push({ atMs, template: s.template });
      }
    }
    const played: PlayedCall[] = starts.map((s, i) => {
      const call = s.template.copy(copyBase + i, STRETCH);
      return { callId: `${PBX_ID}:${call.linkedid}`, call, ringEndAt: new Map(), endAt: NaN };
    });
    const writes = played
      .flatMap((pc, c) => pc.call.blocks.map((b, i) => ({ atMs: starts[c].atMs + b.atMs, c, i })))
      .sort((a, b) => a.atMs - b.atMs || a.c - b.c || a.i - b.i);
    ctx.progress(`cards-in-time: ${scenario.label} at ${limit}/min, ${played.length} calls over ${run.seconds} s`);
    const start = performance.now();
    let next = 0;
    while (next < writes.length) {
      const now = performance.now() - start;
      const at = epochNow();
      const chunk: string[] = [];
      for (; next < writes.length && writes[next].atMs <= now; next++) {
        const { c, i } = writes[next];
        const pc = played[c];
        chunk.push(stamp(pc.call.blocks[i].text, at));
        for (const [ext, index] of pc.call.ringEnds) if (index === i) pc.ringEndAt.set(ext, at);
        if (i === pc.call.blocks.length - 1) pc.endAt = at;
      }
      if (chunk.length > 0) ami.send(Buffer.from(chunk.join(''), 'latin1'));
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    }
    const lastWrite = epochNow();
    const records = () => arrivals.filter((a) => a.payload.kind === 'record').length;
    const pending = async () => (await webhookLedger(url, ctx.redisUrl)).filter((r) => r.status === 'pending').length;
    const drained = await until(async () => records() >= played.length && (await pending()) === 0, DRAIN_MS);
    const drainMs = epochNow() - lastWrite;
    listening = false;
    const ledger = (await webhookLedger(url, ctx.redisUrl)).map((r) => ({ ...r, n: '1' }));
    return summarizeRun(run, played, arrivals, ledger, { drained, drainMs, pending: await pending() });
  } finally {
    listening = false;
    await app.close();
    await ami.close();
    await webhook.close();
    await emptyQueues(ctx.redisUrl);
  }
}

function summarizeRun(
  run: Run,
  played: readonly PlayedCall[],
  arrivals: readonly Arrival[],
  ledger: readonly { status: string; reason: string | null; event: string | null; n: string }[],
  drain: { drained: boolean; drainMs: number; pending: number },
): RunResult {
  const { scenario, limit } = run;
  const byCall = new Map(played.map((pc) => [pc.callId, pc]));
  const rung = played.reduce((n, pc) => n + pc.call.ringEnds.size, 0);
  const opened = new Map<string, Arrival>();
  // A card reopened later (a queue ringing an agent again) is a new card: a close counts twice only with no card open.
  const openNow = new Set<string>();
  let closedTwice = 0;
  const closedUnopenedKeys = new Set<string>();
  let unknownCards = 0;
  const recordLags: number[] = [];
  for (const a of arrivals) {
    const pc = byCall.get(a.payload.callId);
    if (a.payload.kind === 'record') {
      if (pc) recordLags.push(a.at - pc.endAt);
      continue;
    }
    if (a.payload.kind !== 'event') continue;
    const key = `${a.payload.callId}|${cardOf(a.payload)}`;
    if (a.payload.event.event === 'NotifyStart') {
      openNow.add(key);
      if (!opened.has(key)) opened.set(key, a);
    }
    if (a.payload.event.event === 'NotifyEnd' && !openNow.delete(key)) {
      if (opened.has(key)) closedTwice++;
      else closedUnopenedKeys.add(key);
    }
  }
  const cardLags: number[] = [];
  let inTime = 0;
  let late = 0;
  for (const [key, a] of opened) {
    const [callId, card] = key.split('|');
    const ringEnd = byCall.get(callId)?.ringEndAt.get(card);
    if (ringEnd === undefined || a.payload.kind !== 'event') {
      unknownCards++;
      continue;
    }
    cardLags.push(a.at - Date.parse(a.payload.event.at));
    if (a.at < ringEnd) inTime++;
    else late++;
  }
  const closedUnopened = closedUnopenedKeys.size;
  const count = (match: (r: (typeof ledger)[number]) => boolean) =>
    ledger.filter(match).reduce((n, r) => n + Number(r.n), 0);
  const staleRows = count((r) => r.status === 'skipped' && /stale/i.test(r.reason ?? ''));
  const staleCards = count((r) => r.status === 'skipped' && /stale/i.test(r.reason ?? '') && r.event === 'NotifyStart');
  const otherSkipped = count((r) => r.status === 'skipped' && !/stale/i.test(r.reason ?? ''));
  const dead = count((r) => r.status === 'dead');
  const rows = count(() => true);
  const records = recordLags.length;
  const sent = arrivals.length;
  const calls = played.length;
  const perMinute = (n: number) => (n * 60) / run.seconds;
  const askedPerMinute = perMinute(rows);
  const title = `${scenario.label}, ${limit} req/min`;
  const isTarget = scenario.key === 'office' && limit === 60;
  const overload = askedPerMinute > limit * 1.2;
  const inTimeShare = pct(inTime, rung);
  const waitedFor = `the calls asked for ${formatNumber(askedPerMinute, 0)} requests a minute (${formatNumber(rows / calls, 1)} a call) against ${limit}`;
  const figures: Figure[] = [
    {
      label: `${title}: cards in time`,
      value: inTimeShare,
      unit: '%',
      ...(isTarget ? { target: { op: '>=' as const, value: TARGET_IN_TIME } } : {}),
      whyMissed: `${formatNumber(late, 0)} of ${formatNumber(rung, 0)} cards arrived after their phone had stopped ringing and ${formatNumber(rung - inTime - late, 0)} never arrived (${formatNumber(staleCards, 0)} dropped as stale); ${waitedFor}`,
    },
    { label: `${title}: card lag p50`, value: p(cardLags, 50), unit: 'ms' },
    { label: `${title}: card lag p95`, value: p(cardLags, 95), unit: 'ms' },
    { label: `${title}: record lag p95`, value: p(recordLags, 95), unit: 'ms' },
    { label: `${title}: requests per call`, value: sent / calls, unit: 'requests' },
    { label: `${title}: ledger rows skipped as stale`, value: staleRows, unit: 'rows' },
    {
      label: `${title}: cards closed twice`,
      value: closedTwice,
      unit: 'cards',
      target: { op: '<=', value: 0 },
      whyMissed: `the webhook stream closed ${formatNumber(closedTwice, 0)} cards with a second NotifyEnd (the tracker's card stream, issue 12 item 1)`,
    },
    {
      label: `${title}: records delivered`,
      value: pct(records, calls),
      unit: '%',
      ...(isTarget ? { target: { op: '>=' as const, value: 100 } } : {}),
      whyMissed: `${formatNumber(calls - records, 0)} of ${formatNumber(calls, 0)} records had not arrived ${formatMs(drain.drainMs)} after the last call ended (${formatNumber(drain.pending, 0)} ledger rows still pending): ${waitedFor}`,
    },
    {
      label: `${title}: cards sent late`,
      value: pct(late, opened.size),
      unit: '% of cards sent',
      ...(overload ? { target: { op: '<=' as const, value: TARGET_LATE_SENT } } : {}),
      whyMissed: `${waitedFor}; ${formatNumber(late, 0)} cards were still sent after their phone had stopped ringing instead of being dropped (budget-aware sending, issue 12 item 2)`,
    },
  ];
  const note =
    `${title}: ${formatNumber(calls, 0)} calls in ${run.seconds} s, ${formatNumber(rung, 0)} phones rang; ` +
    `${formatNumber(sent, 0)} requests arrived (${formatNumber(perMinute(sent), 0)} a minute of load), ${formatNumber(rows, 0)} ledger rows (${formatNumber(askedPerMinute, 0)} a minute${overload ? ': overload' : ''}); ` +
    `cards: ${formatNumber(inTime, 0)} in time, ${formatNumber(late, 0)} late, ${formatNumber(rung - inTime - late - unknownCards, 0)} never sent (${formatNumber(staleCards, 0)} NotifyStart rows skipped as stale)` +
    `${unknownCards > 0 ? `, ${formatNumber(unknownCards, 0)} cards for phones the calls did not ring` : ''}; ` +
    `card lag max ${cardLags.length ? formatMs(Math.max(...cardLags)) : '—'}; record lag p50 ${recordLags.length ? formatMs(p(recordLags, 50)) : '—'}; ` +
    `${formatNumber(closedUnopened, 0)} cards closed that were never opened; ${formatNumber(otherSkipped, 0)} rows skipped otherwise, ${formatNumber(dead, 0)} dead; ` +
    (drain.drained
      ? `everything delivered ${formatMs(drain.drainMs)} after the last event.`
      : `stopped waiting ${formatMs(drain.drainMs)} after the last event with ${formatNumber(drain.pending, 0)} rows pending.`);
  return { run, figures, note };
}

export const cardsInTimeBenchmark: Benchmark = {
  name: 'cards-in-time',
  title: 'Cards in time under the ELMA365 request budget',
  goal: `office peak at 60 requests/min: >= ${TARGET_IN_TIME} % of cards in time, no card closed twice, every record delivered; at overload late cards dropped rather than sent late`,
  async run(ctx): Promise<BenchOutcome> {
    const list = scenarios();
    const runs: Run[] = list.flatMap((scenario) =>
      LIMITS.map((limit) => ({
        scenario,
        limit,
        seconds: limit <= scenario.fullLoadBelow ? FULL_LOAD_S : LIGHT_LOAD_S,
      })),
    );
    const results: RunResult[] = [];
    for (const [i, run] of runs.entries()) results.push(await playRun(run, (i + 1) * 10_000, ctx));
    return {
      figures: results.flatMap((r) => r.figures),
      notes: [
        `AMI test server over TCP -> ingest -> Redis -> worker -> ledger (live cards in Redis, records in PostgreSQL) -> HTTP to a local webhook that answers 200 at once and notes each request's arrival; ingest and worker from the build in one Nest context (bench/shared/connector-app.ts), started afresh for each run with ELMA365_RATE_LIMIT_PER_MINUTE set to the run's budget, on a fresh schema and emptied queues.`,
        `Calls: copies of recorded lab calls, each with its own ids (bench/shared/timed-calls.ts), their events written at the recorded gaps stretched ${STRETCH} times (the lab's phones answer after ~2 s; stretched, a ring group rings 6 s before an answer and 30 s when missed, a queue call waits 1.5 s and rings 6 s), each event's Timestamp set to the moment it is written.`,
        `Office peak, per minute: 6 inbound calls to a ring group of 3 phones (4 answered: \`01-inbound-answered\`, 2 missed: \`03-inbound-missed\`; the lab's group has 2 phones, so by rule the first dialled phone's events are written twice, the copy for phone ${EXTRA_PHONE} with its own channel and Uniqueid) every 10 s, and 3 outbound calls (\`06-outbound-answered\`) every 20 s. Call-centre peak: 20 inbound calls a minute into a ringall queue of 2 agents (\`13-queue-answered\`), every 3 s.`,
        `Real time, not compressed: the connector counts its budget over a fixed 60 s window that no setting shortens, so playing the calls faster with a proportionally larger limit would let each window's bursts through and flatter the result. A run whose calls ask for the whole budget or more (office at 60, call-centre at 60 and 120) lasts ${FULL_LOAD_S} s so the window fills; the others (which need at most half of it) last ${LIGHT_LOAD_S} s. The budget is unused when a run starts.`,
        `A card is (call, extension). In time: its NotifyStart arrived at the webhook before that phone stopped ringing, as the PBX wrote it: the first DialEnd naming the phone's channel (answered, cancelled, no answer; for an outbound call, the operator's own dial being answered), on the bench's clock. Share = cards in time / every phone the calls rang (a card dropped or never sent is not in time). Card lag: the NotifyStart's \`event.at\` (ring start) to its arrival. Record lag: the call's last AMI event written to its record's arrival. Requests per call: every request that arrived / calls. Stale: ledger rows (call records in PostgreSQL's \`deliveries\`, live cards in Redis) skipped with a reason containing "stale". Closed twice: a NotifyEnd for a (call, extension) whose card was already closed (a card reopened later, as a queue rings an agent again, is a new card). Cards sent late: NotifyStart arrivals after the ring ended, per card sent (targeted where the calls ask for more than 1.2x the budget).`,
        ...results.map((r) => r.note),
      ],
    };
  },
};
