import type { DataSource, QueryDeepPartialEntity, Repository } from 'typeorm';
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
export class DeliveryRepository {
  private readonly deliveries: Repository<DeliveryEntity>;

  constructor(dataSource: DataSource) {
    this.deliveries = dataSource.getRepository(DeliveryEntity);
  }

  /** Records the delivery as pending unless it is known already; returns the row either way, as it stands. */
  async ensurePending(delivery: PendingDelivery): Promise<DeliveryEntity> {
    await this.deliveries
      .createQueryBuilder()
      .insert()
      .values({ ...delivery, status: 'pending' })
      .orIgnore()
      .execute();
    return this.deliveries.findOneByOrFail({ eventKey: delivery.eventKey, target: delivery.target });
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

  /** How many earlier deliveries of the call to this target are still pending: send this one only at 0. */
  async earlierUndelivered(callId: string, target: string, seq: number): Promise<number> {
    return this.deliveries
      .createQueryBuilder('d')
      .where('d.call_id = :callId AND d.target = :target AND d.seq < :seq', { callId, target, seq })
      .andWhere(`d.status = 'pending'`)
      .getCount();
  }

  async isRecordDelivered(callId: string, target: string): Promise<boolean> {
    return this.deliveries.existsBy({ callId, target, kind: 'record', status: 'delivered' });
  }

  /** The dead deliveries of one event, whatever their target. */
  async findDead(eventKey: string): Promise<DeliveryEntity[]> {
    return this.deliveries.find({ where: { eventKey, status: 'dead' }, order: { target: 'ASC' } });
  }

  /** Dead deliveries, oldest first. */
  async listDead(limit: number): Promise<DeliveryEntity[]> {
    return this.deliveries.find({ where: { status: 'dead' }, order: { createdAt: 'ASC', id: 'ASC' }, take: limit });
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
