import { type DataSource, type EntityManager, In, type QueryDeepPartialEntity, type Repository } from 'typeorm';
import type { DeliveryKind, DeliveryStatus, DeliveryTarget } from '@app/deliveries';
import { DeliveryEntity } from './delivery.entity';
import { type PlainQuery, plainQueryOf } from './plain-sql';

export interface PendingDelivery {
  readonly callId: string;
  readonly target: DeliveryTarget;
  readonly kind: DeliveryKind;
  readonly eventKey: string;
  readonly seq: number;
  readonly payload: object;
  /** the extension whose card a live webhook event opens, answers or closes */
  readonly card?: string | null;
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
  /** a card's NotifyStart whose phone stopped ringing already (its NotifyAnswer or NotifyEnd is in the ledger) */
  readonly ringingOver: boolean;
  /** every ledger row of the same call, target and card (extension), in seq order; empty when the row has no card */
  readonly cardRows: readonly { seq: number; event: string; status: DeliveryStatus }[];
}

/** A call's earliest pending delivery to one target: the only one of the call that may have a queue job. */
export interface DeliveryTurn {
  readonly delivery: DeliveryEntity;
  /** it opens a card whose phone stopped ringing already: its NotifyAnswer or NotifyEnd is in the ledger */
  readonly ringingOver: boolean;
}

/** Where a call's deliveries to one target stand: its earliest pending one. */
export type PendingTurn = Pick<DeliveryEntity, 'eventKey' | 'callId' | 'target' | 'kind'>;

export class DeliveryRepository {
  private readonly deliveries: Repository<DeliveryEntity>;
  private readonly sql: PlainQuery;

  /** An EntityManager to write inside a transaction someone else holds. */
  constructor(dataSource: DataSource | EntityManager) {
    this.deliveries = dataSource.getRepository(DeliveryEntity);
    this.sql = plainQueryOf(dataSource);
  }

  /**
   * Records the delivery as pending unless it is known already (a repeat changes nothing). One round trip: this is
   * on the path of every tracker event.
   */
  async ensurePending(delivery: PendingDelivery): Promise<void> {
    await this.ensurePendingMany([delivery]);
  }

  /** Several deliveries in one statement; each known one changes nothing. */
  async ensurePendingMany(deliveries: readonly PendingDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.sql(
      `INSERT INTO deliveries (call_id, target, kind, event_key, seq, payload, card)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::jsonb[], $7::text[])
       ON CONFLICT (event_key, target) DO NOTHING`,
      [
        deliveries.map((d) => d.callId),
        deliveries.map((d) => d.target),
        deliveries.map((d) => d.kind),
        deliveries.map((d) => d.eventKey),
        deliveries.map((d) => d.seq),
        deliveries.map((d) => JSON.stringify(d.payload)),
        deliveries.map((d) => d.card ?? null),
      ],
    );
  }

  async find(eventKey: string, target: DeliveryTarget): Promise<DeliveryEntity | null> {
    return this.deliveries.findOneBy({ eventKey, target });
  }

  /** The successful attempt; a row already delivered keeps its first delivered_at. */
  async markDelivered(eventKey: string, target: DeliveryTarget, statusCode: number | null): Promise<void> {
    await this.markDeliveredMany([{ eventKey, target, statusCode }]);
  }

  /** Several successful attempts in one statement. */
  async markDeliveredMany(
    delivered: readonly { eventKey: string; target: DeliveryTarget; statusCode: number | null }[],
  ): Promise<void> {
    if (delivered.length === 0) return;
    await this.sql(
      `UPDATE deliveries d
          SET status = 'delivered', attempts = d.attempts + 1, last_status_code = v.status_code,
              delivered_at = now(), updated_at = now()
         FROM unnest($1::text[], $2::text[], $3::int[]) AS v(event_key, target, status_code)
        WHERE d.event_key = v.event_key AND d.target = v.target AND d.status IN ('pending', 'dead', 'skipped')`,
      [delivered.map((d) => d.eventKey), delivered.map((d) => d.target), delivered.map((d) => d.statusCode)],
    );
  }

  /** A failed attempt that will be retried: the row stays pending. */
  async markAttemptFailed(eventKey: string, target: DeliveryTarget, error: string, statusCode?: number): Promise<void> {
    await this.update(eventKey, target, ['pending'], {
      attempts: () => 'attempts + 1',
      lastError: error,
      lastStatusCode: statusCode ?? null,
    });
  }

  /** The last failed attempt (retries used up, or a failure retrying cannot fix): the row waits for an operator. */
  async markDead(eventKey: string, target: DeliveryTarget, error: string, statusCode?: number): Promise<void> {
    await this.update(eventKey, target, ['pending'], {
      status: 'dead',
      attempts: () => 'attempts + 1',
      lastError: error,
      lastStatusCode: statusCode ?? null,
    });
  }

  /** Not to be sent at all (e.g. the target does not want this kind of event); `reason` goes to last_error. */
  async markSkipped(eventKey: string, target: DeliveryTarget, reason: string): Promise<void> {
    await this.update(eventKey, target, ['pending'], { status: 'skipped', lastError: reason });
  }

  /**
   * The delivery with what decides whether it may go now, in one round trip: has the call's record reached this
   * target, and how many earlier deliveries of the call to it here are still pending. Cards are not here (they are
   * in Redis: LiveDeliveryStore), so nothing here has a card or a ringing phone.
   */
  async findWithCallProgress(eventKey: string, target: DeliveryTarget): Promise<DeliveryWithCallProgress | null> {
    // Plain SQL: this is on every record's path, and TypeORM's query building costs more CPU than the query.
    const { rows } = await this.sql<DeliveryRow & { record_delivered: boolean; earlier_pending: string }>(
      `SELECT d.*,
              EXISTS (SELECT 1 FROM deliveries r WHERE r.call_id = d.call_id AND r.target = d.target
                         AND r.kind = 'record' AND r.status = 'delivered') AS record_delivered,
              (SELECT count(*) FROM deliveries e WHERE e.call_id = d.call_id AND e.target = d.target
                  AND e.seq < d.seq AND e.status = 'pending') AS earlier_pending
         FROM deliveries d WHERE d.event_key = $1 AND d.target = $2`,
      [eventKey, target],
    );
    if (rows.length === 0) return null;
    return {
      delivery: entityOfRow(rows[0]),
      recordDelivered: rows[0].record_delivered,
      earlierPending: Number(rows[0].earlier_pending),
      ringingOver: false,
      cardRows: [],
    };
  }

  /** The call's earliest pending delivery to the target, whose turn it is; null when none is pending. */
  async nextTurn(callId: string, target: DeliveryTarget): Promise<DeliveryTurn | null> {
    const { rows } = await this.sql<DeliveryRow>(
      `SELECT * FROM deliveries WHERE call_id = $1 AND target = $2 AND status = 'pending' ORDER BY seq LIMIT 1`,
      [callId, target],
    );
    return rows.length === 0 ? null : { delivery: entityOfRow(rows[0]), ringingOver: false };
  }

  /**
   * The delivery when it is pending and its turn has come (no earlier delivery of its call to the target pending),
   * with what the call's deliveries to the target cost so far (every attempt); null otherwise. A read: a delivery
   * that goes whenever its turn comes has no verdict to claim, and its job id already makes it the only sender.
   */
  async readTurn(
    eventKey: string,
    target: DeliveryTarget,
  ): Promise<{ delivery: DeliveryEntity; callAttempts: number } | null> {
    const { rows } = await this.sql<DeliveryRow & { call_attempts: string }>(
      `SELECT d.*,
              (SELECT COALESCE(sum(a.attempts), 0) FROM deliveries a
                WHERE a.call_id = d.call_id AND a.target = d.target) AS call_attempts
         FROM deliveries d
        WHERE d.event_key = $1 AND d.target = $2 AND d.status = 'pending'
          AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.call_id = d.call_id AND e.target = d.target
                             AND e.seq < d.seq AND e.status = 'pending')`,
      [eventKey, target],
    );
    if (rows.length === 0) return null;
    return { delivery: entityOfRow(rows[0]), callAttempts: Number(rows[0].call_attempts) };
  }

  /** Each call's earliest pending delivery per target, in (call, target) order after `after`: a page of turns. */
  async listPendingTurns(after: Pick<PendingTurn, 'callId' | 'target'> | null, limit: number): Promise<PendingTurn[]> {
    const { rows } = await this.sql<{ event_key: string; call_id: string; target: DeliveryTarget; kind: DeliveryKind }>(
      `SELECT DISTINCT ON (call_id, target) event_key, call_id, target, kind
           FROM deliveries
          WHERE status = 'pending' AND ($1::text IS NULL OR (call_id, target) > ($1::text, $2::text))
          ORDER BY call_id, target, seq
          LIMIT $3`,
      [after?.callId ?? null, after?.target ?? null, limit],
    );
    return rows.map((r) => ({ eventKey: r.event_key, callId: r.call_id, target: r.target, kind: r.kind }));
  }

  async isPending(eventKey: string, target: DeliveryTarget): Promise<boolean> {
    return this.deliveries.existsBy({ eventKey, target, status: 'pending' });
  }

  /** A send is about to begin (noted in attempt_started_at). False when the delivery is no longer pending. */
  async claimAttempt(eventKey: string, target: DeliveryTarget): Promise<boolean> {
    const { rowCount } = await this.sql(
      `UPDATE deliveries SET attempt_started_at = COALESCE(attempt_started_at, now()), updated_at = now()
        WHERE event_key = $1 AND target = $2 AND status = 'pending'`,
      [eventKey, target],
    );
    return rowCount > 0;
  }

  /** Requests the ledger counts for one call to one target (every attempt of every delivery). */
  async attemptsOfCall(callId: string, target: DeliveryTarget): Promise<number> {
    const {
      rows: [row],
    } = await this.sql<{ attempts: string }>(
      'SELECT COALESCE(sum(attempts), 0) AS attempts FROM deliveries WHERE call_id = $1 AND target = $2',
      [callId, target],
    );
    return Number(row?.attempts ?? 0);
  }

  /** How many deliveries each target has in each status: what the ledger gauge shows. */
  async countByTargetAndStatus(): Promise<{ target: DeliveryTarget; status: DeliveryStatus; count: number }[]> {
    const rows = await this.deliveries
      .createQueryBuilder('d')
      .select('d.target', 'target')
      .addSelect('d.status', 'status')
      .addSelect('count(*)', 'n')
      .groupBy('d.target')
      .addGroupBy('d.status')
      .getRawMany<{ target: DeliveryTarget; status: DeliveryStatus; n: string }>();
    return rows.map((r) => ({ target: r.target, status: r.status, count: Number(r.n) }));
  }

  /** Seconds from entering the ledger to delivery, median and p99 per kind, over the deliveries of the last hour. */
  async deliveryLatencyLastHour(): Promise<{ kind: DeliveryKind; p50: number | null; p99: number | null }[]> {
    const age = 'extract(epoch FROM d.delivered_at - d.created_at)';
    const rows = await this.deliveries
      .createQueryBuilder('d')
      .select('d.kind', 'kind')
      .addSelect(`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${age})`, 'p50')
      .addSelect(`percentile_cont(0.99) WITHIN GROUP (ORDER BY ${age})`, 'p99')
      .where(`d.status = 'delivered' AND d.delivered_at > now() - interval '1 hour'`)
      .groupBy('d.kind')
      .getRawMany<{ kind: DeliveryKind; p50: number | string | null; p99: number | string | null }>();
    return rows.map((r) => ({ kind: r.kind, p50: nullableNumber(r.p50), p99: nullableNumber(r.p99) }));
  }

  /** Per target with anything pending: how long its oldest pending delivery has waited, in seconds. */
  async oldestPendingAge(): Promise<{ target: DeliveryTarget; seconds: number }[]> {
    const rows = await this.deliveries
      .createQueryBuilder('d')
      .select('d.target', 'target')
      .addSelect('extract(epoch FROM now() - min(d.created_at))', 'seconds')
      .where(`d.status = 'pending'`)
      .groupBy('d.target')
      .getRawMany<{ target: DeliveryTarget; seconds: number | string }>();
    return rows.map((r) => ({ target: r.target, seconds: Math.max(0, Number(r.seconds)) }));
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
    target: DeliveryTarget,
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
  async resetToPending(eventKey: string, target: DeliveryTarget): Promise<boolean> {
    return this.update(eventKey, target, ['dead'], { status: 'pending', attempts: 0 });
  }

  private async update(
    eventKey: string,
    target: DeliveryTarget,
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

function nullableNumber(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}

/** A `deliveries` row as PostgreSQL returns it (plain SQL). */
interface DeliveryRow {
  id: string;
  call_id: string;
  target: DeliveryTarget;
  kind: DeliveryKind;
  event_key: string;
  seq: number;
  payload: object;
  card: string | null;
  attempt_started_at: Date | null;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  last_status_code: number | null;
  delivered_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

function entityOfRow(row: DeliveryRow): DeliveryEntity {
  return Object.assign(new DeliveryEntity(), {
    id: row.id,
    callId: row.call_id,
    target: row.target,
    kind: row.kind,
    eventKey: row.event_key,
    seq: row.seq,
    payload: row.payload,
    card: row.card,
    attemptStartedAt: row.attempt_started_at,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    lastStatusCode: row.last_status_code,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
