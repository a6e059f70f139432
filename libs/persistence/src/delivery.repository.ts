import { type DataSource, type EntityManager, In, type QueryDeepPartialEntity, type Repository } from 'typeorm';
import { DeliveryEntity, type DeliveryKind, type DeliveryStatus } from './delivery.entity';

export interface PendingDelivery {
  readonly callId: string;
  readonly target: string;
  readonly kind: DeliveryKind;
  readonly eventKey: string;
  readonly seq: number;
  readonly payload: object;
}

/**
 * The delivery ledger: what was (or still has to be) sent to which target, so a retried job or a restarted worker
 * neither sends twice nor out of order. A row is addressed by (eventKey, target).
 */
export interface DeliveryWithCallProgress {
  readonly delivery: DeliveryEntity;
  /** the call's record was delivered to this target: a live event now would be stale */
  readonly recordDelivered: boolean;
  /** earlier deliveries of the call to this target still pending: this one waits for them */
  readonly earlierPending: number;
}

export class DeliveryRepository {
  private readonly deliveries: Repository<DeliveryEntity>;

  /** An EntityManager to write inside a transaction someone else holds. */
  constructor(dataSource: DataSource | EntityManager) {
    this.deliveries = dataSource.getRepository(DeliveryEntity);
  }

  /**
   * Records the delivery as pending unless it is known already (a repeat changes nothing). One round trip: this is
   * on the path of every tracker event.
   */
  async ensurePending(delivery: PendingDelivery): Promise<void> {
    await this.deliveries
      .createQueryBuilder()
      .insert()
      .values({ ...delivery, status: 'pending' })
      .orIgnore()
      .updateEntity(false)
      .execute();
  }

  async find(eventKey: string, target: string): Promise<DeliveryEntity | null> {
    return this.deliveries.findOneBy({ eventKey, target });
  }

  /** The successful attempt; a row already delivered keeps its first delivered_at. */
  async markDelivered(eventKey: string, target: string, statusCode: number | null): Promise<void> {
    await this.update(eventKey, target, ['pending', 'dead', 'skipped'], {
      status: 'delivered',
      attempts: () => 'attempts + 1',
      lastStatusCode: statusCode,
      deliveredAt: () => 'now()',
    });
  }

  /** A failed attempt that will be retried: the row stays pending. */
  async markAttemptFailed(eventKey: string, target: string, error: string, statusCode?: number): Promise<void> {
    await this.update(eventKey, target, ['pending'], {
      attempts: () => 'attempts + 1',
      lastError: error,
      lastStatusCode: statusCode ?? null,
    });
  }

  /** The last failed attempt (retries used up, or a failure retrying cannot fix): the row waits for an operator. */
  async markDead(eventKey: string, target: string, error: string, statusCode?: number): Promise<void> {
    await this.update(eventKey, target, ['pending'], {
      status: 'dead',
      attempts: () => 'attempts + 1',
      lastError: error,
      lastStatusCode: statusCode ?? null,
    });
  }

  /** Not to be sent at all (e.g. the target does not want this kind of event); `reason` goes to last_error. */
  async markSkipped(eventKey: string, target: string, reason: string): Promise<void> {
    await this.update(eventKey, target, ['pending'], { status: 'skipped', lastError: reason });
  }

  /**
   * The delivery with what decides whether it may go now, in one round trip (it is on the screen-pop path): has the
   * call's record reached this target, and how many earlier deliveries of the call to it are still pending.
   */
  async findWithCallProgress(eventKey: string, target: string): Promise<DeliveryWithCallProgress | null> {
    const { entities, raw } = await this.deliveries
      .createQueryBuilder('d')
      .addSelect(
        `EXISTS (SELECT 1 FROM deliveries r WHERE r.call_id = d.call_id AND r.target = d.target
                   AND r.kind = 'record' AND r.status = 'delivered')`,
        'record_delivered',
      )
      .addSelect(
        `(SELECT count(*) FROM deliveries e WHERE e.call_id = d.call_id AND e.target = d.target
            AND e.seq < d.seq AND e.status = 'pending')`,
        'earlier_pending',
      )
      .where('d.event_key = :eventKey AND d.target = :target', { eventKey, target })
      .getRawAndEntities<{ record_delivered: boolean; earlier_pending: string }>();
    if (entities.length === 0) return null;
    return {
      delivery: entities[0],
      recordDelivered: raw[0].record_delivered,
      earlierPending: Number(raw[0].earlier_pending),
    };
  }

  /** The dead deliveries of one event, whatever their target. */
  async findDead(eventKey: string): Promise<DeliveryEntity[]> {
    return this.deliveries.find({ where: { eventKey, status: 'dead' }, order: { target: 'ASC' } });
  }

  /** Dead deliveries, oldest first. */
  async listDead(limit: number): Promise<DeliveryEntity[]> {
    return this.deliveries.find({ where: { status: 'dead' }, order: { createdAt: 'ASC', id: 'ASC' }, take: limit });
  }

  /** Dead deliveries of one target and kind whose last attempt got one of these HTTP statuses, oldest first. */
  async listDeadWithStatus(
    target: string,
    kind: DeliveryKind,
    statusCodes: readonly number[],
    limit: number,
  ): Promise<DeliveryEntity[]> {
    return this.deliveries.find({
      where: { status: 'dead', target, kind, lastStatusCode: In([...statusCodes]) },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
    });
  }

  /** Gives a dead delivery a fresh set of attempts; last_error stays for the record. False when it was not dead. */
  async resetToPending(eventKey: string, target: string): Promise<boolean> {
    return this.update(eventKey, target, ['dead'], { status: 'pending', attempts: 0 });
  }

  private async update(
    eventKey: string,
    target: string,
    from: readonly DeliveryStatus[],
    changes: QueryDeepPartialEntity<DeliveryEntity>,
  ): Promise<boolean> {
    const result = await this.deliveries
      .createQueryBuilder()
      .update()
      .set({ ...changes, updatedAt: () => 'now()' })
      .where('event_key = :eventKey AND target = :target AND status IN (:...from)', { eventKey, target, from })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
