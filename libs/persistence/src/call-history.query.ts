import type { CallDirection, CallDisposition, CallRecord } from '@app/calls';
import type { DataSource, Repository } from 'typeorm';
import { CallEntity } from './call.entity';
import { toCallRecord } from './call-record.mapper';

/** Where a page of the history ends: the row's exact started_at (microseconds, UTC) and id. */
export interface CallHistoryKey {
  readonly startedAt: string;
  readonly id: string;
}

export interface CallHistoryFilter {
  /** started_at >= from */
  readonly from?: Date;
  /** started_at < to */
  readonly to?: Date;
  /** matched as is against from_number or to_number (normalise it first) */
  readonly phone?: string;
  /** matched against answered_by, from_number, to_number or the extensions array */
  readonly extension?: string;
  readonly direction?: CallDirection;
  readonly disposition?: CallDisposition;
  /** continue after this row (keyset pagination) */
  readonly after?: CallHistoryKey;
  readonly limit: number;
}

export interface CallHistoryRow {
  readonly record: CallRecord;
  readonly key: CallHistoryKey;
}

export interface CallHistoryPage {
  readonly rows: CallHistoryRow[];
  readonly hasMore: boolean;
}

// The key keeps PostgreSQL's microseconds: a JS Date would round them and a page boundary could skip a row.
const KEY_STARTED_AT = `to_char(c.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Call history, newest first (started_at DESC, id DESC: the calls_started_at_id_idx order). */
export class CallHistoryQuery {
  private readonly calls: Repository<CallEntity>;

  constructor(dataSource: DataSource) {
    this.calls = dataSource.getRepository(CallEntity);
  }

  async list(filter: CallHistoryFilter): Promise<CallHistoryPage> {
    const qb = this.calls
      .createQueryBuilder('c')
      .addSelect(KEY_STARTED_AT, 'key_started_at')
      .orderBy('c.started_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(filter.limit + 1);
    if (filter.from) qb.andWhere('c.started_at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('c.started_at < :to', { to: filter.to });
    if (filter.phone !== undefined) {
      qb.andWhere('(c.from_number = :phone OR c.to_number = :phone)', { phone: filter.phone });
    }
    if (filter.extension !== undefined) {
      qb.andWhere(
        '(c.answered_by = :ext OR c.from_number = :ext OR c.to_number = :ext OR c.extensions @> ARRAY[CAST(:ext AS text)])',
        { ext: filter.extension },
      );
    }
    if (filter.direction) qb.andWhere('c.direction = :direction', { direction: filter.direction });
    if (filter.disposition) qb.andWhere('c.disposition = :disposition', { disposition: filter.disposition });
    if (filter.after) {
      qb.andWhere('(c.started_at, c.id) < (CAST(:afterStartedAt AS timestamptz), CAST(:afterId AS uuid))', {
        afterStartedAt: filter.after.startedAt,
        afterId: filter.after.id,
      });
    }

    const { entities, raw } = await qb.getRawAndEntities<{ c_id: string; key_started_at: string }>();
    const startedAtById = new Map(raw.map((r) => [r.c_id, r.key_started_at]));
    const rows = entities.slice(0, filter.limit).map((entity) => ({
      record: toCallRecord(entity),
      key: { startedAt: startedAtById.get(entity.id) ?? entity.startedAt.toISOString(), id: entity.id },
    }));
    return { rows, hasMore: entities.length > filter.limit };
  }
}
