/**
 * The whole connector (ingest, worker, API) in-process against the sandbox, as `npm start` runs it when nothing is
 * configured: click-to-call through the real API plays the recorded click-to-call on the simulated Asterisk, and
 * the recorded burst of 20 concurrent calls reaches the ELMA365 stand-in as 20 calls.
 */
import { TRACES_DIR } from './support/recorded-traces';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { SANDBOX_API_KEY, sandboxEnvironment } from '@app/config';
import { QueueName } from '@app/queue';
import { CallPlay, Sandbox, SANDBOX_PBX_ID, startSandbox } from '@app/sandbox';
import { waitFor } from '@app/testing';
import { AllModule } from '../apps/all/src/all.module';
import { configureHttpApp } from '../apps/api/src/common/configure-http-app';
import { PbxActionsService } from '../apps/api/src/pbx/pbx-actions.service';
import { resetStores } from './support/delivery-harness';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './support/test-database';

const AUTH = { authorization: `Bearer ${SANDBOX_API_KEY}` };

interface CallItem {
  callId: string;
  direction: string;
  from: string | null;
  to: string | null;
  answeredBy: string | null;
  disposition: string;
}

/** Polls an async probe until it gives something, bounded. */
async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the connector against the sandbox', () => {
  let sandbox: Sandbox;
  let app: NestExpressApplication;
  let baseUrl: string;
  const plays: CallPlay[] = [];

  /** call ids of the finished-call webhooks the stand-in accepted so far */
  const recordsAtStandIn = (): Set<string> =>
    new Set(
      sandbox.elma365.webhooks
        .list()
        .map((w) => w.payload as { kind?: string; callId?: string })
        .filter((payload) => payload.kind === 'record')
        .map((payload) => payload.callId ?? ''),
    );

  beforeAll(async () => {
    await resetStores();
    // a short busy call, then the burst, over and over: the burst comes early and the stand-in keeps up
    sandbox = await startSandbox({
      tracesDir: TRACES_DIR,
      speed: 4,
      pauseMs: 500,
      scenarios: ['05'],
      burstEvery: 1,
      onPlay: (play) => plays.push(play),
    });
    const env = sandboxEnvironment(sandbox, {
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
      LOG_LEVEL: 'error',
      ELMA365_RATE_LIMIT_PER_MINUTE: '0',
    });
    // The app's own path: the configuration comes from the sandbox's environment, not from process.env.
    const moduleRef = await Test.createTestingModule({ imports: [AllModule.withEnvironment(env)] }).compile();
    for (const name of Object.values(QueueName)) {
      await moduleRef.get<Queue>(getQueueToken(name)).obliterate({ force: true });
    }
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
    configureHttpApp(app);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    await waitFor(() => app.get(PbxActionsService).isConnected(SANDBOX_PBX_ID), {
      timeoutMs: 10_000,
      what: 'the API logged in to the simulated Asterisk',
    });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  it('click-to-call through the API rings the phone and records the call under the returned callId', async () => {
    const res = await fetch(`${baseUrl}/api/v1/calls`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ extension: '1002', phone: '8 916 123-45-67', callerName: 'Клиент ООО Вектор' }),
    });
    expect(res.status).toBe(202);
    const { callId } = (await res.json()) as { callId: string };
    expect(callId).toMatch(/^sandbox:c2c-[0-9a-f-]{36}$/);
    expect(plays.filter((p) => p.linkedids.includes(callId.slice('sandbox:'.length))).map((p) => p.scenario)).toEqual([
      '08-originate-click-to-call',
    ]);

    const item = await eventually(
      async () => {
        const page = await fetch(`${baseUrl}/api/v1/calls?direction=out&extension=1002`, { headers: AUTH });
        const { items } = (await page.json()) as { items: CallItem[] };
        return items.find((i) => i.callId === callId);
      },
      20_000,
      `${callId} in GET /api/v1/calls`,
    );
    expect(item).toMatchObject({
      direction: 'out',
      from: '1002',
      to: '+79161234567',
      answeredBy: '1002',
      disposition: 'answered',
    });
    await waitFor(() => recordsAtStandIn().has(callId), { timeoutMs: 10_000, what: `${callId} at the stand-in` });
    const page = await (await fetch(sandbox.pageUrl)).text();
    expect(page).toContain(callId);
  }, 40_000);

  it('the recorded burst reaches the stand-in as 20 distinct calls', async () => {
    const burst = await waitFor(() => plays.find((p) => p.scenario === '14-concurrent-burst'), {
      timeoutMs: 20_000,
      what: 'a burst',
    });
    const callIds = burst.linkedids.map((id) => `${SANDBOX_PBX_ID}:${id}`);
    expect(new Set(callIds).size).toBe(20);

    const seen = new Set<string>();
    await waitFor(
      () => {
        for (const id of recordsAtStandIn()) seen.add(id);
        return callIds.every((id) => seen.has(id));
      },
      { timeoutMs: 30_000, intervalMs: 50, what: 'the 20 calls of the burst at the stand-in' },
    );
    expect(callIds.filter((id) => seen.has(id))).toHaveLength(20);
  }, 60_000);
});
