import type { DeliveryEntity, DeliveryRepository } from '@app/persistence';
import type { DeliveryTarget, Elma365DeliveryProducer } from '@app/queue';

export interface DeadDelivery {
  eventKey: string;
  target: string;
  callId: string;
  kind: DeliveryEntity['kind'];
  attempts: number;
  lastError: string | null;
  lastStatusCode: number | null;
  updatedAt: Date;
}

/**
 * Deliveries that gave up, and their replay: the row gets a fresh set of attempts and its job is scheduled
 * again. A plain class so that the CLI (no Nest) and, later, the API share it.
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
      const target = row.target as DeliveryTarget;
      await this.producer.replay({ eventKey, callId: row.callId, kind: row.kind, target });
      replayed = true;
    }
    return replayed;
  }

  async replayAll(batch = 500): Promise<number> {
    let replayed = 0;
    for (;;) {
      const dead = await this.deliveries.listDead(batch);
      if (dead.length === 0) return replayed;
      for (const row of dead) if (await this.replay(row.eventKey)) replayed++;
    }
  }
}
