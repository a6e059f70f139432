import type { TestingModule } from '@nestjs/testing';
import { Queue } from 'bullmq';
import { AmiLiveServer, Elma365Stub } from '@app/testing';
import { QueueName, redisConnection } from '@app/queue';
import { amiUrlOf } from '../support/ami-url';
import { resetStores, WEBHOOK_TOKEN } from '../support/delivery-harness';
import {
  acceptedIds,
  countAt,
  deliveryBalance,
  emptyQueues,
  eventually,
  expectedDeliveries,
  faultEnv,
  PBX_ID,
  queryAt,
  repeatedCards,
  startInProcess,
  storedRecords,
} from '../support/fault-harness';
import { countLedger } from '../support/ledger-rows';
import { compareWithTruth } from '../support/call-truth';
import { explained, SpawnedApp } from '../support/spawned-app';
import { callTraces } from '../support/recorded-traces';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/test-database';

const BURST = callTraces().find((t) => t.name === '14-concurrent-burst')!;

describe('the only ingest killed with SIGKILL mid-burst and started again', () => {
  let stub: Elma365Stub;
  let pbx: AmiLiveServer;
  let worker: TestingModule;
  const ingests: SpawnedApp[] = [];

  afterAll(async () => {
    for (const i of ingests) await i.kill();
    await worker?.close();
    await pbx?.close();
    await stub?.close();
  });

  it('finishes the calls that were up at the kill, each stored and delivered once', async () => {
    await resetStores();
    await emptyQueues(TEST_REDIS_URL);
    stub = await Elma365Stub.start({ token: WEBHOOK_TOKEN });
    pbx = await AmiLiveServer.start({ trace: BURST.ami, eventsPerTick: 5, tickMs: 5, retime: true });
    const env = faultEnv(stub);
    worker = await startInProcess(['worker'], env);
    const ingestEnv = { ...env, AMI_URL: amiUrlOf(pbx.ami, PBX_ID) };
    ingests.push(SpawnedApp.start('ingest', ingestEnv, 'ingest-1'));
    await explained(pbx.waitForListeners(1, 20_000), ingests);

    // Kill where most channels are up. The stream pauses there first and the ingest's queue goes quiet: bytes still
    // on their way when a process dies are lost with its socket, on a real PBX too, and are not this test's subject.
    const profile = pbx.channelsUpProfile();
    const killAt = profile.indexOf(Math.max(...profile));
    pbx.play(killAt);
    await pbx.waitForPosition(killAt);
    await quietQueue();
    await ingests[0].kill();
    const upAtKill = pbx.channelsUp;
    const finishedBeforeKill = new Set(
      (await queryAt<{ call_id: string }>(TEST_DATABASE_URL, 'SELECT call_id FROM calls')).map((r) => r.call_id),
    );
    expect(upAtKill).toBeGreaterThan(10);

    // The PBX is quiet while nobody listens (the stream holds): no call starts and ends during the downtime. Calls
    // that do are the CDR gap-fill's to recover, not this test's.
    ingests.push(SpawnedApp.start('ingest', ingestEnv, 'ingest-2'));
    await explained(pbx.waitForListeners(1, 20_000), ingests);
    pbx.play();
    await pbx.waitForEnd();

    const calls = BURST.truth.length;
    await explained(
      eventually(
        async () =>
          (await countAt(TEST_DATABASE_URL, `SELECT count(*) AS n FROM calls`)) === calls &&
          (await countLedger(TEST_DATABASE_URL, TEST_REDIS_URL, (r) => r.status === 'pending')) === 0,
        30_000,
        `${calls} calls stored`,
      ),
      ingests,
    );
    const expected = expectedDeliveries(BURST.ami);
    const records = await storedRecords(TEST_DATABASE_URL);
    expect(new Set(records.map((r) => r.callId))).toEqual(expected.calls);
    // The calls up at the kill were known to the new process only from CoreShowChannels (whole seconds of
    // Duration): their times still fall within the truth's tolerance, and they are answered by 1003 like the rest.
    const resumed = records.filter((r) => !finishedBeforeKill.has(r.callId));
    expect(resumed.length).toBeGreaterThanOrEqual(upAtKill / 2);
    expect(compareWithTruth(records, BURST.truth)).toEqual([]);

    const accepted = acceptedIds(stub);
    expect([...accepted.keys()].filter((k) => k.endsWith('#record')).sort()).toEqual(
      [...expected.calls].map((c) => `${c}#record`).sort(),
    );
    // Every webhook id accepted once; the live cards of the resumed calls that the first process had sent are not
    // repeated, and nothing went dead or stayed pending.
    expect(deliveryBalance(expected.keys, accepted).duplicated).toEqual([]);
    expect(repeatedCards(stub)).toEqual([]);
    expect(await countLedger(TEST_DATABASE_URL, TEST_REDIS_URL, (r) => r.status !== 'delivered')).toBe(0);
  }, 90_000);
});

/** The ingest hands events to Redis asynchronously: wait until the call-events queue stops growing. */
async function quietQueue(): Promise<void> {
  const queue = new Queue(QueueName.CallEvents, { connection: redisConnection(TEST_REDIS_URL) });
  try {
    let last = -1;
    for (;;) {
      const counts = await queue.getJobCounts();
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      if (total === last) return;
      last = total;
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    await queue.close();
  }
}
