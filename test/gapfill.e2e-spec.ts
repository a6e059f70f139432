import { getQueueToken } from '@nestjs/bullmq';
import type { TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallRecord } from '@app/calls';
import type { WebhookPayloadV1 } from '@app/elma365';
import { RedisCdrCheckpointStore } from '@app/gapfill';
import { QueueName } from '@app/queue';
import { AmiTestServer, Elma365Stub, traceCdrCsv } from '@app/testing';
import { query, resetStores, startConnector, WEBHOOK_TOKEN } from './support/delivery-harness';
import { callTraces, type TruthRecord } from './support/recorded-traces';
import { TEST_REDIS_URL } from './support/test-database';

const A = { trace: '01-inbound-answered', callId: 'lab:1795672773.0' };
const B = { trace: '03-inbound-missed', callId: 'lab:1795672793.10' };
const C = { trace: '06-outbound-answered', callId: 'lab:1795672821.27' };

interface CallRow {
  call_id: string;
  direction: string;
  from_number: string | null;
  to_number: string | null;
  disposition: string;
  answered_by: string | null;
  extensions: string[];
  hangup_cause: number | null;
  updated_at: Date;
}

/** Answers CoreShowChannels as an Asterisk with no channel up does: the gap-fill runs after it. */
function withNoLiveChannels(server: AmiTestServer): AmiTestServer {
  return server.onAction('CoreShowChannels', (action, connection) => {
    connection.respond(action, 'Success', { EventList: 'start', Message: 'Channels will follow' });
    connection.sendBlock([
      ['Event', 'CoreShowChannelsComplete'],
      ['ActionID', action.actionId ?? ''],
      ['EventList', 'Complete'],
      ['ListItems', '0'],
    ]);
  });
}

/** Polls an asynchronous probe (Postgres, Redis) until it holds. */
async function eventually(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function calls(): Promise<CallRow[]> {
  return query<CallRow>(
    `SELECT call_id, direction, from_number, to_number, disposition, answered_by, extensions, hangup_cause, updated_at
       FROM calls ORDER BY call_id`,
  );
}

async function deliveredRecords(): Promise<number> {
  const rows = await query<{ n: string }>(
    `SELECT count(*) AS n FROM deliveries WHERE kind = 'record' AND status = 'delivered'`,
  );
  return Number(rows[0].n);
}

function truthOf(trace: string): TruthRecord {
  const found = callTraces().find((t) => t.name === trace);
  if (!found || found.truth.length !== 1) throw new Error(`no single-call truth for ${trace}`);
  return found.truth[0];
}

function coreOf(
  row: CallRow,
): Pick<TruthRecord, 'direction' | 'from' | 'to' | 'disposition' | 'answeredBy' | 'extensions'> {
  return {
    direction: row.direction,
    from: row.from_number,
    to: row.to_number,
    disposition: row.disposition,
    answeredBy: row.answered_by,
    extensions: [...row.extensions].sort(),
  };
}

function core(truth: TruthRecord | CallRecord): ReturnType<typeof coreOf> {
  const { direction, from, to, disposition, answeredBy, extensions } = truth;
  return { direction, from, to, disposition, answeredBy, extensions: [...extensions].sort() };
}

describe('gap-fill: calls that ended while the AMI connection was down are recovered from the CDR', () => {
  let dir: string;
  let csvPath: string;
  let redis: Redis;
  let stub: Elma365Stub;
  let servers: AmiTestServer[] = [];
  let apps: TestingModule[] = [];

  beforeEach(async () => {
    await resetStores();
    dir = mkdtempSync(join(tmpdir(), 'gapfill-e2e-'));
    csvPath = join(dir, 'Master.csv');
    redis = new Redis(TEST_REDIS_URL);
    await redis.del(RedisCdrCheckpointStore.keyOf('lab'));
    stub = await Elma365Stub.start({ token: WEBHOOK_TOKEN });
  });

  afterEach(async () => {
    for (const app of apps) await app.close();
    apps = [];
    for (const s of servers) await s.close();
    servers = [];
    await stub.close();
    await redis.quit();
    rmSync(dir, { recursive: true, force: true });
  });

  const payloads = (): WebhookPayloadV1[] => stub.requests.map((r) => r.body as WebhookPayloadV1);

  /** Forgets how far the CDR was read and the queue's memory of job ids: what is left to stop a repeat is the worker. */
  async function forgetProgress(app: TestingModule): Promise<Queue> {
    await redis.del(RedisCdrCheckpointStore.keyOf('lab'));
    const queue = app.get<Queue>(getQueueToken(QueueName.CallEvents));
    await queue.clean(0, 10_000, 'completed');
    return queue;
  }

  async function completedJobs(queue: Queue, count: number): Promise<void> {
    await eventually(
      async () => (await queue.getJobCounts('completed')).completed >= count,
      15_000,
      `${count} completed call-event job(s)`,
    );
  }

  it(
    'stores and delivers B and C once each, leaves A as the tracker saw it, and a reconnect or a second replica ' +
      'reading the same file adds nothing',
    async () => {
      const env = { GAPFILL_CDR_CSV_PATH: csvPath };
      servers = [withNoLiveChannels(await AmiTestServer.start({ trace: A.trace }))];
      apps = [await startConnector(servers[0], stub, { env })];
      await eventually(async () => (await deliveredRecords()) >= 1, 15_000, "A's record delivered");
      const [aLive] = await calls();
      expect(aLive).toMatchObject({ call_id: A.callId, hangup_cause: 16 });

      // Asterisk wrote A's CDR when A ended; then the AMI connection drops, and B and C begin and end meanwhile:
      // their CDR lines are written, their AMI events never reach the connector.
      const now = Math.floor(Date.now() / 1000) * 1000;
      appendFileSync(csvPath, traceCdrCsv(A.trace, { startingAt: now - 300_000, firstSequence: 1 }));
      servers[0].dropClients();
      appendFileSync(
        csvPath,
        traceCdrCsv(B.trace, { startingAt: now - 120_000, firstSequence: 10 }) +
          traceCdrCsv(C.trace, { startingAt: now - 60_000, firstSequence: 20 }),
      );
      await servers[0].waitForLogins(2, { accepted: true, timeoutMs: 10_000 });
      await eventually(async () => (await deliveredRecords()) >= 3, 15_000, 'B and C delivered');

      const stored = await calls();
      expect(stored.map((c) => c.call_id)).toEqual([A.callId, B.callId, C.callId].sort());
      const byId = new Map(stored.map((c) => [c.call_id, c]));
      expect(coreOf(byId.get(B.callId) as CallRow)).toEqual(core(truthOf(B.trace)));
      expect(coreOf(byId.get(C.callId) as CallRow)).toEqual(core(truthOf(C.trace)));
      // A keeps the tracker's record (the CDR knows no Hangup cause) and was not written again
      expect(byId.get(A.callId)).toEqual(aLive);

      const records = payloads().filter((p) => p.kind === 'record');
      expect(records.map((p) => p.callId).sort()).toEqual([A.callId, B.callId, C.callId].sort());
      for (const id of [B.callId, C.callId]) {
        const record = records.find((p) => p.callId === id);
        expect(record?.kind === 'record' ? core(record.record.call) : undefined).toEqual(
          core(truthOf(id === B.callId ? B.trace : C.trace)),
        );
      }
      // no live card for a call nobody saw ringing
      expect(payloads().filter((p) => p.kind === 'event' && p.callId !== A.callId)).toEqual([]);
      const requestsBefore = stub.requests.length;

      // a second reconnect that reads the whole file again: the queue would drop the known job ids, so they are
      // forgotten first and the worker alone must see that the three calls are stored
      const queue = await forgetProgress(apps[0]);
      servers[0].dropClients();
      await servers[0].waitForLogins(3, { accepted: true, timeoutMs: 10_000 });
      await completedJobs(queue, 3);
      expect(await calls()).toEqual(stored);

      // a second ingest replica (with its worker) on its own AMI connection, reading the same file
      await forgetProgress(apps[0]);
      servers.push(withNoLiveChannels(await AmiTestServer.start()));
      apps.push(await startConnector(servers[1], stub, { env, keepQueues: true }));
      await completedJobs(queue, 3);
      expect(await calls()).toEqual(stored);
      expect(await deliveredRecords()).toBe(3);
      expect(stub.requests.length).toBe(requestsBefore);
    },
    60_000,
  );

  it('recovers the calls made while the connector was stopped, once, when it starts again', async () => {
    const env = { GAPFILL_CDR_CSV_PATH: csvPath };
    servers = [withNoLiveChannels(await AmiTestServer.start({ trace: A.trace }))];
    apps = [await startConnector(servers[0], stub, { env })];
    await eventually(async () => (await deliveredRecords()) >= 1, 15_000, "A's record delivered");
    const now = Math.floor(Date.now() / 1000) * 1000;
    appendFileSync(csvPath, traceCdrCsv(A.trace, { startingAt: now - 300_000, firstSequence: 1 }));

    // The whole connector stops (ingest and worker); B and C happen meanwhile and only Asterisk's CDR has them.
    await apps[0].close();
    apps = [];
    appendFileSync(
      csvPath,
      traceCdrCsv(B.trace, { startingAt: now - 120_000, firstSequence: 10 }) +
        traceCdrCsv(C.trace, { startingAt: now - 60_000, firstSequence: 20 }),
    );
    const requestsWhileStopped = stub.requests.length;
    servers.push(withNoLiveChannels(await AmiTestServer.start()));
    apps = [await startConnector(servers[1], stub, { env, keepQueues: true })];
    await eventually(async () => (await deliveredRecords()) >= 3, 15_000, 'B and C delivered after the start');

    const stored = await calls();
    expect(stored.map((c) => c.call_id)).toEqual([A.callId, B.callId, C.callId].sort());
    const byId = new Map(stored.map((c) => [c.call_id, c]));
    expect(coreOf(byId.get(B.callId) as CallRow)).toEqual(core(truthOf(B.trace)));
    expect(coreOf(byId.get(C.callId) as CallRow)).toEqual(core(truthOf(C.trace)));
    expect(byId.get(A.callId)?.hangup_cause).toBe(16);
    const after = stub.requests.slice(requestsWhileStopped).map((r) => r.body as WebhookPayloadV1);
    // lost: nothing (B and C arrived); duplicated: nothing (A not sent again, B and C once each)
    expect(after.map((p) => `${p.kind} ${p.callId}`).sort()).toEqual([`record ${B.callId}`, `record ${C.callId}`]);
  }, 60_000);
});
