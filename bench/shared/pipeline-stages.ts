import type { Job, Queue } from 'bullmq';
import { formatMs, summarize } from './stats';

/** When a call's first card left each stage, in ms since the epoch (BullMQ keeps whole milliseconds). */
interface CardTrail {
  readonly written: number;
  readonly eventQueued: number;
  readonly eventPicked: number;
  readonly eventDone: number;
  readonly deliveryQueued: number;
  readonly deliveryPicked: number;
  readonly received: number;
}

export interface StageReport {
  /** one line per stage: median and p99 */
  readonly stages: string;
  /** median time the worker spends on one call-events job, over every job of the run */
  readonly eventJobMs: number;
}

/**
 * Splits each first card's latency into the pipeline's stages, from the timestamps BullMQ keeps on the completed jobs
 * of both queues (call-events: `{ event: { callId, seq } }`, elma365-delivery: `{ eventKey }` = `callId#seq`).
 */
export async function stageReport(
  callEvents: Queue,
  deliveries: Queue,
  cards: ReadonlyMap<string, { written: number; received: number }>,
): Promise<StageReport> {
  const eventJobs = (await callEvents.getJobs(['completed'])) as Job<{ event: { callId: string; seq: number } }>[];
  const deliveryJobs = (await deliveries.getJobs(['completed'])) as Job<{ eventKey: string }>[];
  const eventsByKey = new Map(eventJobs.map((j) => [`${j.data.event.callId}#${j.data.event.seq}`, j]));
  const deliveriesByKey = new Map(deliveryJobs.map((j) => [j.data.eventKey, j]));
  const trails: CardTrail[] = [];
  for (const [callId, card] of cards) {
    const event = eventsByKey.get(`${callId}#1`);
    const delivery = deliveriesByKey.get(`${callId}#1`);
    if (!event?.processedOn || !event.finishedOn || !delivery?.processedOn) continue;
    trails.push({
      ...card,
      eventQueued: event.timestamp,
      eventPicked: event.processedOn,
      eventDone: event.finishedOn,
      deliveryQueued: delivery.timestamp,
      deliveryPicked: delivery.processedOn,
    });
  }
  const stage = (label: string, ms: (t: CardTrail) => number) => {
    const s = summarize(trails.map(ms));
    return `${label} ${formatMs(s.p50)} / ${formatMs(s.p99)}`;
  };
  const handled = eventJobs.flatMap((j) => (j.processedOn && j.finishedOn ? [j.finishedOn - j.processedOn] : []));
  return {
    stages: [
      stage('AMI write to call-events job (ingest: parse, track, addBulk)', (t) => t.eventQueued - t.written),
      stage('waiting for the worker', (t) => t.eventPicked - t.eventQueued),
      stage('handling the tracker event (ledger row, delivery job)', (t) => t.deliveryQueued - t.eventPicked),
      stage('waiting for a delivery slot', (t) => t.deliveryPicked - t.deliveryQueued),
      stage('ledger checks, signing and POST to arrival', (t) => t.received - t.deliveryPicked),
    ].join('; '),
    eventJobMs: summarize(handled).p50,
  };
}
