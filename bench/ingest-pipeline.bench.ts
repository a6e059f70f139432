import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AmiFrameParser } from '@app/ami';
import { CallTracker } from '@app/calls';
import { type CallEventJob, CallEventProducer, QueueName, redisConnection } from '@app/queue';
import { QueueCallEventSink } from '../apps/ingest/src/call-event.sink';
import type { Benchmark, BenchOutcome } from './shared/benchmark';
import { formatNumber, perSecond } from './shared/stats';
import { BURST_TRACE, chunked, multipliedBurst } from './shared/traces';

const TARGET = { op: '>=', value: 50_000 } as const;
const COPIES = 50;
const WARMUP_COPIES = 5;
const CHUNK = 1460;
const TRACK_RUNS = 3;
const PBX_ID = 'bench';

interface PipelineRun {
  readonly amiEvents: number;
  readonly callEvents: number;
  readonly ms: number;
}

/**
 * What PbxSession does with every AMI read: parse, track, hand non-empty output to the sink. The sink's outbox sends
 * in order, so once the last hand-off is confirmed every earlier one is in Redis.
 */
function feed(
  chunks: readonly Buffer[],
  sink?: QueueCallEventSink,
): Omit<PipelineRun, 'ms'> & { readonly allSent: Promise<void> } {
  const parser = new AmiFrameParser();
  const tracker = new CallTracker({ pbxId: PBX_ID });
  const state = tracker.createState();
  let amiEvents = 0;
  let callEvents = 0;
  let allSent = Promise.resolve();
  for (const chunk of chunks) {
    const receivedAtMs = Date.now();
    for (const frame of parser.push(chunk)) {
      if (frame.kind !== 'message' || frame.message.event === undefined) continue;
      amiEvents++;
      const out = tracker.apply(state, frame.message, receivedAtMs);
      if (out.length === 0) continue;
      callEvents += out.length;
      if (sink) allSent = sink.publishConfirmed(PBX_ID, out);
    }
  }
  return { amiEvents, callEvents, allSent };
}

function parseAndTrack(chunks: readonly Buffer[]): PipelineRun {
  const start = performance.now();
  const { amiEvents, callEvents } = feed(chunks);
  return { amiEvents, callEvents, ms: performance.now() - start };
}

async function parseTrackEnqueue(chunks: readonly Buffer[], queue: Queue<CallEventJob>): Promise<PipelineRun> {
  await queue.obliterate({ force: true });
  const sink = new QueueCallEventSink(new CallEventProducer(queue));
  const start = performance.now();
  const { allSent, ...counts } = feed(chunks, sink);
  await allSent;
  const ms = performance.now() - start;
  const queued = await queue.count();
  if (queued !== counts.callEvents) throw new Error(`${queued} jobs queued, ${counts.callEvents} call events tracked`);
  return { ...counts, ms };
}

/** Where the time per event goes, from the two runs. */
function whyMissed(trackOnly: PipelineRun, full: PipelineRun): string {
  const us = (run: PipelineRun) => (run.ms * 1000) / run.amiEvents;
  const enqueueUs = Math.max(us(full) - us(trackOnly), 0);
  return `parsing and tracking take ${formatNumber(us(trackOnly), 1)} µs per AMI event (the parser's block decoding and header lookups, the tracker's state updates); enqueueing adds ${formatNumber(enqueueUs, 1)} µs per AMI event (${formatNumber((enqueueUs * full.amiEvents) / full.callEvents, 0)} µs per BullMQ job, one addBulk per event that moved a call, ${formatNumber(full.callEvents)} jobs). Both run on the one Node thread`;
}

export const ingestPipelineBenchmark: Benchmark = {
  name: 'ingest-pipeline',
  title: 'Parse + track + enqueue, one core',
  goal: '>= 50,000 events/s',
  async run({ redisUrl, progress }): Promise<BenchOutcome> {
    const chunks = chunked(multipliedBurst(COPIES), CHUNK);
    const warmup = chunked(multipliedBurst(WARMUP_COPIES), CHUNK);
    // The sink logs every finished call through Nest's logger; the console would measure the terminal.
    Logger.overrideLogger(false);
    progress('ingest-pipeline: parse + track');
    parseAndTrack(warmup);
    const tracked = Array.from({ length: TRACK_RUNS }, () => parseAndTrack(chunks)).sort((a, b) => a.ms - b.ms);
    const trackOnly = tracked[Math.floor(TRACK_RUNS / 2)];

    progress('ingest-pipeline: parse + track + enqueue into BullMQ');
    const queue = new Queue<CallEventJob>(QueueName.CallEvents, { connection: redisConnection(redisUrl) });
    try {
      await parseTrackEnqueue(warmup, queue);
      const full = await parseTrackEnqueue(chunks, queue);
      await queue.obliterate({ force: true });
      return {
        figures: [
          {
            label: 'parse + track + enqueue (BullMQ on Redis)',
            value: perSecond(full.amiEvents, full.ms),
            unit: 'events/s',
            target: TARGET,
            whyMissed: whyMissed(trackOnly, full),
          },
          { label: 'parse + track alone', value: perSecond(trackOnly.amiEvents, trackOnly.ms), unit: 'events/s' },
        ],
        notes: [
          `Input: \`${BURST_TRACE}.ami\` played ${COPIES} times in a row, each copy with its own Uniqueids, Linkedids and channel names: ${formatNumber(full.amiEvents)} AMI events, ${formatNumber(COPIES * 20)} calls, ${formatNumber(full.callEvents)} tracker events; ${CHUNK}-byte reads.`,
          "Per read, what the ingest's PbxSession does: AmiFrameParser, then CallTracker.apply for each event, then the ingest's own QueueCallEventSink (its ordered outbox, then BullMQ addBulk with the deterministic job ids, batched while a send is in flight) for each non-empty output. The clock stops when Redis has acknowledged every job; the job count in Redis is checked.",
          `"parse + track alone" is the median of ${TRACK_RUNS} runs over the same input without the sink. Nest's logger is off (the sink logs each finished call).`,
        ],
      };
    } finally {
      await queue.close();
    }
  },
};
