import type { DeliveryEntity, DeliveryRepository } from '@app/persistence';
import type { Elma365DeliveryProducer } from '@app/queue';
import { ELMA365_WEBHOOK_TARGET } from '../elma365-delivery/elma365-target';

export interface DeadDelivery {
  eventKey: string;
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
      callId: r.callId,
      kind: r.kind,
      attempts: r.attempts,
      lastError: r.lastError,
      lastStatusCode: r.lastStatusCode,
      updatedAt: r.updatedAt,
    }));
  }

  /** False when there is no dead delivery with that key. */
  async replay(eventKey: string): Promise<boolean> {
    const row = await this.deliveries.find(eventKey, ELMA365_WEBHOOK_TARGET);
    if (!row || !(await this.deliveries.resetToPending(eventKey, ELMA365_WEBHOOK_TARGET))) return false;
    await this.producer.replay({ eventKey, callId: row.callId, kind: row.kind });
    return true;
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
