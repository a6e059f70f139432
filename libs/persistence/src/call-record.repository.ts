import type { CallRecord } from '@app/calls';
import type { DataSource, Repository } from 'typeorm';
import { CallEntity } from './call.entity';
import { toCallColumns, toCallRecord } from './call-record.mapper';

/** Every column a later record of the same call replaces (all but the key, id and created_at). */
const REPLACED_ON_CONFLICT = [
  'call_id',
  'direction',
  'from_number',
  'to_number',
  'answered_by',
  'disposition',
  'started_at',
  'answered_at',
  'ended_at',
  'wait_seconds',
  'talk_seconds',
  'extensions',
  'transfers',
  'legs',
  'queue',
  'recording_path',
  'hangup_cause',
  'updated_at',
];

/** Call history: one row per call, keyed by (pbx_id, linkedid). */
export class CallRecordRepository {
  private readonly calls: Repository<CallEntity>;

  constructor(dataSource: DataSource) {
    this.calls = dataSource.getRepository(CallEntity);
  }

  /** Inserts the call or replaces it with this record: storing the same record twice leaves one row. */
  async upsert(record: CallRecord): Promise<void> {
    await this.upsertMany([record]);
  }

  /**
   * Several calls in one statement (one round trip, one commit). A call twice in the batch keeps its last record:
   * PostgreSQL refuses to touch one row twice in a statement.
   */
  async upsertMany(records: readonly CallRecord[]): Promise<void> {
    const last = new Map(records.map((r) => [`${r.pbxId}\n${r.linkedid}`, r]));
    if (last.size === 0) return;
    await this.calls
      .createQueryBuilder()
      .insert()
      .values([...last.values()].map((r) => ({ ...toCallColumns(r), updatedAt: () => 'now()' })))
      .orUpdate(REPLACED_ON_CONFLICT, ['pbx_id', 'linkedid'])
      .updateEntity(false)
      .execute();
  }

  async findByCallId(callId: string): Promise<CallRecord | null> {
    const row = await this.calls.findOneBy({ callId });
    return row === null ? null : toCallRecord(row);
  }
}
