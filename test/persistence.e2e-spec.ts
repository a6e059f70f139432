import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import type { CallRecord } from '@app/calls';
import {
  CallRecordRepository,
  createDataSource,
  DeliveryRepository,
  MIGRATIONS,
  runMigrations,
  type PendingDelivery,
} from '@app/persistence';
import { resetSchema, TEST_DATABASE_URL } from './support/test-database';
import { DeliveryTarget } from '@app/deliveries';

const ROOT = resolve(__dirname, '..');
const MIGRATION_NAMES = MIGRATIONS.map((migration) => migration.name);

/** `npm run migrate` with DATABASE_URL set on top of the inherited environment (`env` does that without process.env). */
function npmMigrate(databaseUrl: string): { status: number | null; stderr: string } {
  const run = spawnSync('env', [`DATABASE_URL=${databaseUrl}`, 'npm', 'run', 'migrate'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stderr: run.stderr };
}

function answeredInboundCall(overrides: Partial<CallRecord> = {}): CallRecord {
  return {
    callId: 'office:1718000000.101',
    pbxId: 'office',
    linkedid: '1718000000.101',
    direction: 'in',
    from: '+79161234567',
    to: '74951112233',
    answeredBy: '1002',
    disposition: 'answered',
    startedAt: '2024-06-10T06:13:20.125+00:00',
    answeredAt: '2024-06-10T06:13:27.456+00:00',
    endedAt: '2024-06-10T06:15:01.000+00:00',
    waitSeconds: 7.331,
    talkSeconds: 93.544,
    extensions: ['1001', '1002', '1003'],
    transfers: [{ kind: 'blind', from: '1001', to: '1002', at: '2024-06-10T06:14:00.000+00:00' }],
    queue: 'sales',
    recording: '/var/spool/asterisk/monitor/2024/06/10/in-1718000000.101.wav',
    hangupCause: 16,
    legs: [
      {
        channel: 'PJSIP/1001-00000001',
        party: '1001',
        startedAt: '2024-06-10T06:13:21.000+00:00',
        answeredAt: null,
        endedAt: '2024-06-10T06:13:27.500+00:00',
        dialStatus: 'CANCEL',
        hangupCause: 26,
      },
      {
        channel: 'PJSIP/1002-00000002',
        party: '1002',
        startedAt: '2024-06-10T06:13:21.010+00:00',
        answeredAt: '2024-06-10T06:13:27.456+00:00',
        endedAt: '2024-06-10T06:15:01.000+00:00',
        dialStatus: 'ANSWER',
        hangupCause: 16,
      },
    ],
    ...overrides,
  };
}

describe('persistence on PostgreSQL (e2e)', () => {
  let dataSource: DataSource;
  let tablesBeforeMigrations: string[];
  let appliedAtStart: string[];

  async function tableNames(): Promise<string[]> {
    const rows: { tablename: string }[] = await dataSource.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    return rows.map((row) => row.tablename);
  }

  beforeAll(async () => {
    await resetSchema();
    dataSource = createDataSource(TEST_DATABASE_URL);
    await dataSource.initialize();
    tablesBeforeMigrations = await tableNames();
    appliedAtStart = await runMigrations(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  describe('migrations', () => {
    it('run only when asked, and create the tables', async () => {
      expect(tablesBeforeMigrations).toEqual([]);
      expect(appliedAtStart).toEqual(MIGRATION_NAMES);
      expect(await tableNames()).toEqual(['calls', 'connector_settings', 'deliveries', 'migrations']);
    });

    it('create the call-history and delivery indexes', async () => {
      const rows: { indexname: string; indexdef: string }[] = await dataSource.query(
        `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ('calls', 'deliveries')`,
      );
      const definitions = Object.fromEntries(rows.map((row) => [row.indexname, row.indexdef]));
      expect(definitions).toEqual({
        calls_pkey: expect.stringContaining('USING btree (id)'),
        calls_call_id_key: expect.stringMatching(/UNIQUE INDEX .* USING btree \(call_id\)/),
        calls_pbx_id_linkedid_key: expect.stringMatching(/UNIQUE INDEX .* USING btree \(pbx_id, linkedid\)/),
        calls_started_at_id_idx: expect.stringContaining('USING btree (started_at DESC, id DESC)'),
        calls_from_number_idx: expect.stringContaining('USING btree (from_number)'),
        calls_to_number_idx: expect.stringContaining('USING btree (to_number)'),
        calls_answered_by_idx: expect.stringContaining('USING btree (answered_by)'),
        calls_extensions_idx: expect.stringContaining('USING gin (extensions)'),
        deliveries_pkey: expect.stringContaining('USING btree (id)'),
        deliveries_event_key_target_key: expect.stringMatching(/UNIQUE INDEX .* USING btree \(event_key, target\)/),
        deliveries_call_id_target_seq_idx: expect.stringContaining('USING btree (call_id, target, seq)'),
        deliveries_status_idx: expect.stringContaining('USING btree (status)'),
        deliveries_pending_call_target_seq_idx: expect.stringMatching(
          /USING btree \(call_id, target, seq\) WHERE \(status = 'pending'::text\)/,
        ),
      });
    });

    it('a second run is a no-op', async () => {
      expect(await runMigrations(dataSource)).toEqual([]);
    });
  });

  describe('CallRecordRepository', () => {
    let calls: CallRecordRepository;
    beforeAll(() => {
      calls = new CallRecordRepository(dataSource);
    });

    it('round-trips every CallRecord field', async () => {
      const record = answeredInboundCall();
      await calls.upsert(record);
      expect(await calls.findByCallId(record.callId)).toEqual(record);
    });

    it('round-trips an unanswered call with its nulls and empty lists', async () => {
      const record = answeredInboundCall({
        callId: 'office:1718000000.202',
        linkedid: '1718000000.202',
        answeredBy: null,
        disposition: 'no_answer',
        answeredAt: null,
        waitSeconds: null,
        talkSeconds: null,
        from: null,
        to: null,
        extensions: [],
        transfers: [],
        legs: [],
        queue: null,
        recording: null,
        hangupCause: null,
      });
      await calls.upsert(record);
      expect(await calls.findByCallId(record.callId)).toEqual(record);
    });

    it('stores times with their zone: another offset reads back as the same instant', async () => {
      const record = answeredInboundCall({
        callId: 'office:1718000000.303',
        linkedid: '1718000000.303',
        startedAt: '2024-06-10T09:13:20.125+03:00',
      });
      await calls.upsert(record);
      const stored = await calls.findByCallId(record.callId);
      expect(stored?.startedAt).toBe('2024-06-10T06:13:20.125+00:00');
      const [row]: { started_utc: string }[] = await dataSource.query(
        `SELECT to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') AS started_utc FROM calls WHERE call_id = $1`,
        [record.callId],
      );
      expect(row.started_utc).toBe('2024-06-10 06:13:20.125');
    });

    it('upserting the same call twice keeps one row with the latest values', async () => {
      const first = answeredInboundCall({ callId: 'office:1718000000.404', linkedid: '1718000000.404' });
      await calls.upsert(first);
      const before: { id: string; created_at: Date; updated_at: Date }[] = await dataSource.query(
        `SELECT id, created_at, updated_at FROM calls WHERE pbx_id = 'office' AND linkedid = '1718000000.404'`,
      );
      const latest = { ...first, disposition: 'abandoned' as const, answeredBy: null, extensions: ['1001'] };
      await calls.upsert(latest);
      await calls.upsert(latest);

      const after: { id: string; created_at: Date; updated_at: Date }[] = await dataSource.query(
        `SELECT id, created_at, updated_at FROM calls WHERE pbx_id = 'office' AND linkedid = '1718000000.404'`,
      );
      expect(after).toHaveLength(1);
      expect(after[0].id).toBe(before[0].id);
      expect(after[0].created_at).toEqual(before[0].created_at);
      expect(after[0].updated_at.getTime()).toBeGreaterThanOrEqual(before[0].updated_at.getTime());
      expect(await calls.findByCallId(first.callId)).toEqual(latest);
    });

    it('upserts several calls in one statement; a call twice in the batch keeps its last record', async () => {
      const a = answeredInboundCall({ callId: 'office:1718000000.501', linkedid: '1718000000.501' });
      const b = answeredInboundCall({ callId: 'office:1718000000.502', linkedid: '1718000000.502' });
      const bLater = { ...b, disposition: 'abandoned' as const, answeredBy: null };

      await calls.upsertMany([a, b, bLater]);
      await calls.upsertMany([]);

      expect(await calls.findByCallId(a.callId)).toEqual(a);
      expect(await calls.findByCallId(b.callId)).toEqual(bLater);
    });

    it('finds nothing for an unknown call id', async () => {
      expect(await calls.findByCallId('office:nope')).toBeNull();
    });
  });

  describe('DeliveryRepository', () => {
    const TARGET = DeliveryTarget.Elma365Webhook;
    let deliveries: DeliveryRepository;
    beforeAll(() => {
      deliveries = new DeliveryRepository(dataSource);
    });

    function delivery(callId: string, seq: number, overrides: Partial<PendingDelivery> = {}): PendingDelivery {
      return {
        callId,
        target: TARGET,
        kind: 'live',
        eventKey: `${callId}:${seq}`,
        seq,
        payload: { type: 'call.ringing', seq },
        ...overrides,
      };
    }

    it('ensurePending inserts once; a repeat changes nothing', async () => {
      await deliveries.ensurePending(delivery('office:d1', 1));
      const first = await deliveries.find('office:d1:1', TARGET);
      expect(first).toMatchObject({
        callId: 'office:d1',
        target: TARGET,
        kind: 'live',
        eventKey: 'office:d1:1',
        seq: 1,
        payload: { type: 'call.ringing', seq: 1 },
        status: 'pending',
        attempts: 0,
        lastError: null,
        lastStatusCode: null,
        deliveredAt: null,
      });
      await deliveries.ensurePending(delivery('office:d1', 1, { payload: { changed: true } }));
      const again = await deliveries.find('office:d1:1', TARGET);
      expect(again?.id).toBe(first?.id);
      expect(again?.payload).toEqual({ type: 'call.ringing', seq: 1 });

      await deliveries.ensurePending(delivery('office:d1', 1, { target: DeliveryTarget.Elma365Generic }));
      expect((await deliveries.find('office:d1:1', DeliveryTarget.Elma365Generic))?.id).not.toBe(first?.id);
      const [{ count }]: { count: string }[] = await dataSource.query(
        `SELECT count(*) FROM deliveries WHERE event_key = 'office:d1:1'`,
      );
      expect(count).toBe('2');
    });

    it('counts the earlier deliveries of the call still pending for the target', async () => {
      for (const seq of [1, 2, 3]) await deliveries.ensurePending(delivery('office:d2', seq));
      const earlierPending = async (eventKey: string): Promise<number | undefined> =>
        (await deliveries.findWithCallProgress(eventKey, TARGET))?.earlierPending;
      await deliveries.ensurePending(delivery('office:d2', 1, { target: DeliveryTarget.Elma365Generic }));
      await deliveries.ensurePending(delivery('office:other', 1));

      expect(await earlierPending('office:d2:1')).toBe(0);
      expect(await earlierPending('office:d2:3')).toBe(2);
      await deliveries.markDelivered('office:d2:1', TARGET, 200);
      expect(await earlierPending('office:d2:3')).toBe(1);
      await deliveries.markSkipped('office:d2:2', TARGET, 'not wanted by the target');
      expect(await earlierPending('office:d2:3')).toBe(0);
    });

    it('records failed attempts, then the delivery', async () => {
      const record = delivery('office:d3', 9, { kind: 'record', eventKey: 'office:d3:record' });
      await deliveries.ensurePending(record);
      const recordDelivered = async (target: DeliveryTarget): Promise<boolean | undefined> =>
        (await deliveries.findWithCallProgress(record.eventKey, target))?.recordDelivered;
      await deliveries.markAttemptFailed(record.eventKey, TARGET, 'HTTP 502 Bad Gateway', 502);
      await deliveries.markAttemptFailed(record.eventKey, TARGET, 'ETIMEDOUT');
      await deliveries.ensurePending(record);
      let row = await deliveries.find(record.eventKey, TARGET);
      expect(row).toMatchObject({ status: 'pending', attempts: 2, lastError: 'ETIMEDOUT', lastStatusCode: null });
      expect(await recordDelivered(TARGET)).toBe(false);

      await deliveries.markDelivered(record.eventKey, TARGET, 200);
      await deliveries.ensurePending(record);
      row = await deliveries.find(record.eventKey, TARGET);
      expect(row).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200 });
      expect(row?.deliveredAt).toBeInstanceOf(Date);
      expect(await recordDelivered(TARGET)).toBe(true);
      expect(await recordDelivered(DeliveryTarget.Elma365Generic)).toBeUndefined();
      await deliveries.ensurePending({ ...record, target: DeliveryTarget.Elma365Generic });
      expect(await recordDelivered(DeliveryTarget.Elma365Generic)).toBe(false);
      expect(await deliveries.findWithCallProgress('office:d3:record', TARGET)).toMatchObject({ earlierPending: 0 });

      // A late failure report of a duplicate job does not undo the delivery.
      await deliveries.markAttemptFailed(record.eventKey, TARGET, 'late');
      await deliveries.markDead(record.eventKey, TARGET, 'late');
      await deliveries.ensurePending(record);
      expect(await deliveries.find(record.eventKey, TARGET)).toMatchObject({ status: 'delivered', attempts: 3 });
    });

    it('lists dead deliveries and resets them to pending with fresh attempts', async () => {
      const live = delivery('office:d4', 1);
      await deliveries.ensurePending(live);
      await deliveries.markAttemptFailed(live.eventKey, TARGET, 'HTTP 500', 500);
      await deliveries.markDead(live.eventKey, TARGET, 'HTTP 401 Unauthorized', 401);

      const dead = await deliveries.listDead(10);
      expect(dead.map((row) => row.eventKey)).toEqual([live.eventKey]);
      expect(dead[0]).toMatchObject({ status: 'dead', attempts: 2, lastError: 'HTTP 401 Unauthorized' });
      await deliveries.ensurePending(delivery('office:d4', 2));
      expect((await deliveries.findWithCallProgress('office:d4:2', TARGET))?.earlierPending).toBe(0);

      expect(await deliveries.resetToPending(live.eventKey, TARGET)).toBe(true);
      expect(await deliveries.find(live.eventKey, TARGET)).toMatchObject({
        status: 'pending',
        attempts: 0,
        lastError: 'HTTP 401 Unauthorized',
      });
      expect(await deliveries.listDead(10)).toEqual([]);
      expect(await deliveries.resetToPending(live.eventKey, TARGET)).toBe(false);
      expect((await deliveries.findWithCallProgress('office:d4:2', TARGET))?.earlierPending).toBe(1);
    });
  });

  // Last: it drops the schema again, then leaves it fully migrated for the test files that come later.
  describe('npm run migrate', () => {
    it('applies the pending migrations, then finds none', async () => {
      await resetSchema();
      const first = npmMigrate(TEST_DATABASE_URL);
      expect(first.status).toBe(0);
      for (const name of MIGRATION_NAMES) expect(first.stderr).toContain(name);

      const second = npmMigrate(TEST_DATABASE_URL);
      expect(second.status).toBe(0);
      expect(second.stderr).toContain('no pending migrations');
    });

    it('exits 1 with a clear message, without the password, when the database host is unknown', () => {
      const { status, stderr } = npmMigrate('postgres://connector:Sup3r-s3cret@no-such-host.invalid:5432/connector');
      expect(status).toBe(1);
      expect(stderr).toContain('cannot connect to the database at no-such-host.invalid:5432/connector');
      expect(stderr).not.toContain('Sup3r-s3cret');
      expect(stderr).not.toMatch(/\n\s+at /);
    });
  });
});
