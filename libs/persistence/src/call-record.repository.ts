import type { CallRecord } from '@app/calls';
import type { DataSource, Repository } from 'typeorm';
import { CallEntity } from './call.entity';
import { toCallRecord } from './call-record.mapper';
import { type PlainQuery, plainQueryOf } from './plain-sql';

/** The columns a record writes, with their SQL types: a batch arrives as one JSON array, read by json_to_recordset. */
const RECORD_COLUMNS = [
  ['call_id', 'text'],
  ['pbx_id', 'text'],
  ['linkedid', 'text'],
  ['direction', 'text'],
  ['from_number', 'text'],
  ['to_number', 'text'],
  ['answered_by', 'text'],
  ['disposition', 'text'],
  ['started_at', 'timestamptz'],
  ['answered_at', 'timestamptz'],
  ['ended_at', 'timestamptz'],
  ['wait_seconds', 'numeric'],
  ['talk_seconds', 'numeric'],
  ['extensions', 'text[]'],
  ['transfers', 'jsonb'],
  ['legs', 'jsonb'],
  ['queue', 'text'],
  ['recording_path', 'text'],
  ['hangup_cause', 'int'],
] as const;

type RecordRow = Record<(typeof RECORD_COLUMNS)[number][0], unknown>;

/**
 * One statement for a whole batch, in plain SQL: one JSON parameter instead of TypeORM building 19 placeholders a
 * row (its builder cost more CPU than PostgreSQL's work; docs/benchmarks.md, call-record upserts). A later record of a call replaces every column but the
 * key, id and created_at.
 */
const UPSERT_MANY = `
  INSERT INTO calls (${RECORD_COLUMNS.map(([name]) => name).join(', ')})
  SELECT ${RECORD_COLUMNS.map(([name]) => name).join(', ')}
  FROM json_to_recordset($1::json) AS r(${RECORD_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')})
  ON CONFLICT (pbx_id, linkedid) DO UPDATE SET
    ${RECORD_COLUMNS.filter(([name]) => name !== 'pbx_id' && name !== 'linkedid')
      .map(([name]) => `${name} = EXCLUDED.${name}`)
      .join(', ')},
    updated_at = now()`;

function toRecordRow(record: CallRecord): RecordRow {
  return {
    call_id: record.callId,
    pbx_id: record.pbxId,
    linkedid: record.linkedid,
    direction: record.direction,
    from_number: record.from,
    to_number: record.to,
    answered_by: record.answeredBy,
    disposition: record.disposition,
    started_at: record.startedAt,
    answered_at: record.answeredAt,
    ended_at: record.endedAt,
    wait_seconds: record.waitSeconds,
    talk_seconds: record.talkSeconds,
    extensions: record.extensions,
    transfers: record.transfers,
    legs: record.legs,
    queue: record.queue,
    recording_path: record.recording,
    hangup_cause: record.hangupCause,
  };
}

/** Call history: one row per call, keyed by (pbx_id, linkedid). */
export class CallRecordRepository {
  private readonly calls: Repository<CallEntity>;
  private readonly sql: PlainQuery;

  constructor(dataSource: DataSource) {
    this.calls = dataSource.getRepository(CallEntity);
    this.sql = plainQueryOf(dataSource);
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
    await this.sql(UPSERT_MANY, [JSON.stringify([...last.values()].map(toRecordRow))]);
  }

  async findByCallId(callId: string): Promise<CallRecord | null> {
    const row = await this.calls.findOneBy({ callId });
    return row === null ? null : toCallRecord(row);
  }
}
