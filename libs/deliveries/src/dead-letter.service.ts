import type { DeliveryRepository } from '@app/persistence';
import type { Elma365DeliveryProducer } from '@app/queue';
import type { DeliveryKind, DeliveryTarget } from './delivery-vocabulary';

export interface DeadDelivery {
  eventKey: string;
  target: DeliveryTarget;
  callId: string;
  kind: DeliveryKind;
  attempts: number;
  lastError: string | null;
  lastStatusCode: number | null;
  updatedAt: Date;
}

/** At most this many dead deliveries are replayed by one "retry all": a snapshot, not a loop until none are left. */
export const REPLAY_ALL_LIMIT = 10_000;

/**
 * Deliveries that gave up, and their replay: the row gets a fresh set of attempts and a job unless one that will
 * still run exists (a job a worker holds is never removed). Should queueing fail after the row went back to pending,
 * the worker's sweeper finds the pending row without a job within seconds: a replay cannot lose a delivery. A plain
 * class so that the CLI (no Nest) and the API share it.
 */
export class DeadLetterService {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly producer: Elma365DeliveryProducer,
  ) {}

  async list(limit = 100): Promise<DeadDelivery[]> {
    const rows = await this.deliveries.listDead(limit);
    return rows.map((r) => ({
      eventKey: r.eventKey,
      target: r.target,
      callId: r.callId,
      kind: r.kind,
      attempts: r.attempts,
      lastError: r.lastError,
      lastStatusCode: r.lastStatusCode,
      updatedAt: r.updatedAt,
    }));
  }

  /** Replays the event's dead deliveries (one per target); false when it has none. */
  async replay(eventKey: string): Promise<boolean> {
    let replayed = false;
    for (const row of await this.deliveries.findDead(eventKey)) {
      if (!(await this.deliveries.resetToPending(eventKey, row.target))) continue;
      const target = row.target;
      await this.producer.ensureQueued({ eventKey, callId: row.callId, kind: row.kind, target }, () =>
        this.deliveries.isPending(eventKey, row.target),
      );
      replayed = true;
    }
    return replayed;
  }

  /**
   * Replays the deliveries dead at the moment it is called, each once: one that dies again meanwhile (a target that
   * keeps refusing) waits for the next call instead of being sent again and again.
   */
  async replayAll(limit = REPLAY_ALL_LIMIT): Promise<number> {
    const snapshot = [...new Set((await this.deliveries.listDead(limit)).map((row) => row.eventKey))];
    let replayed = 0;
    for (const eventKey of snapshot) if (await this.replay(eventKey)) replayed++;
    return replayed;
  }
}
