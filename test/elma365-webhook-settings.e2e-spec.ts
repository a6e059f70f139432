import type { AddressInfo } from 'node:net';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import type { WebhookPayloadV1 } from '@app/elma365';
import { createDataSource, DeliveryRepository, Elma365WebhookSettingRepository } from '@app/persistence';
import { jobIdOf, QueueName } from '@app/queue';
import { AmiTestServer, Elma365Stub, recordingLogger } from '@app/testing';
import { startApiApp } from './support/api-app';
import { query, resetStores, startConnector, TEST_DATABASE_URL, WEBHOOK_TOKEN } from './support/delivery-harness';
import { multipliedTrace } from './support/multiplied-trace';
import { countLedger, ledgerRows } from './support/ledger-rows';
import { TEST_REDIS_URL } from './support/test-database';
import { DeliveryTarget } from '@app/deliveries';

const API_KEY = 'settings-test-key-0123456789';
const ROUTE = '/api/v1/settings/elma365-webhook';
const TARGET = DeliveryTarget.Elma365Webhook;
const INITIAL_TOKEN = 'initial-link-token-abcdef';

const apiEnv = (webhookUrl?: string): Record<string, string> => ({
  API_KEYS: API_KEY,
  RECORDING_LINK_SECRET: 'recording-link-secret-0123456789',
  ...(webhookUrl === undefined ? {} : { ELMA365_WEBHOOK_URL: webhookUrl, ELMA365_WEBHOOK_TOKEN: WEBHOOK_TOKEN }),
});

function baseUrlOf(app: NestExpressApplication): string {
  return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
}

async function call(
  app: NestExpressApplication,
  method: 'GET' | 'PUT',
  body?: unknown,
  key: string | null = API_KEY,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${baseUrlOf(app)}${ROUTE}`, {
    method,
    headers: {
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const payloadOf = (r: { body: unknown }): WebhookPayloadV1 => r.body as WebhookPayloadV1;

describe('PUT/GET /api/v1/settings/elma365-webhook: the contract', () => {
  let api: NestExpressApplication | undefined;
  let unconfigured: NestExpressApplication | undefined;
  const initialUrl = `http://127.0.0.1:9/api/extensions/0f8fad5b-d9cb-469f-a165-70867728950e/webhook?token=${INITIAL_TOKEN}`;

  beforeAll(async () => {
    await resetStores();
    api = await startApiApp(apiEnv(initialUrl));
    unconfigured = await startApiApp(apiEnv());
  });

  afterAll(async () => {
    const queue = api?.get<Queue>(getQueueToken(QueueName.Elma365Delivery));
    await queue?.obliterate({ force: true });
    await api?.close();
    await unconfigured?.close();
  });

  it('shows ELMA365_WEBHOOK_URL, masked, until ELMA365 pushes a link', async () => {
    const { status, json } = await call(api!, 'GET');

    expect(status).toBe(200);
    expect(json).toEqual({
      url: 'http://127.0.0.1:9/api/extensions/***/webhook?token=***',
      source: 'environment',
      updatedAt: null,
    });
  });

  it('needs the API key', async () => {
    expect((await call(api!, 'GET', undefined, null)).status).toBe(401);
    expect((await call(api!, 'PUT', { url: 'http://127.0.0.1:10/hook' }, null)).status).toBe(401);
    expect((await call(api!, 'PUT', { url: 'http://127.0.0.1:10/hook' }, 'wrong-key-0123456789abc')).status).toBe(401);
    expect(await query('SELECT 1 FROM connector_settings')).toHaveLength(0);
  });

  it('refuses what is not an absolute http(s) URL with the field and the reason', async () => {
    for (const body of [{ url: '/relative/hook' }, { url: 'ftp://127.0.0.1/hook' }, {}, { url: 42 }]) {
      const { status, json } = await call(api!, 'PUT', body);
      expect({ body, status, code: json.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
      expect(json.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'url' })]));
    }
  });

  it('refuses a host that is not allowed, saying which variable allows it', async () => {
    const { status, json } = await call(api!, 'PUT', { url: 'https://attacker.example/hook?token=x' });

    expect(status).toBe(403);
    expect(json.code).toBe('SETTINGS_ELMA365_WEBHOOK_HOST_NOT_ALLOWED');
    expect(json.message).toContain('ELMA365_WEBHOOK_ALLOWED_HOSTS');
    expect(json.details).toEqual([{ field: 'url', reason: expect.stringContaining('attacker.example') as string }]);
    expect(await query('SELECT 1 FROM connector_settings')).toHaveLength(0);
  });

  it('answers 409 when webhook delivery is not configured at all', async () => {
    for (const method of ['GET', 'PUT'] as const) {
      const { status, json } = await call(
        unconfigured!,
        method,
        method === 'PUT' ? { url: 'http://127.0.0.1:10/h' } : undefined,
      );
      expect({ method, status, code: json.code }).toEqual({
        method,
        status: 409,
        code: 'SETTINGS_ELMA365_WEBHOOK_NOT_CONFIGURED',
      });
      expect(json.message).toContain('ELMA365_WEBHOOK_URL');
    }
  });

  it('stores a new link, logs it masked, shows it, and replays the call records the old link refused', async () => {
    const deliveries = new DeliveryRepository(api!.get(DataSource));
    const dead = async (callId: string, kind: 'live' | 'record', status: number): Promise<string> => {
      const eventKey = kind === 'record' ? `${callId}#record` : `${callId}#3`;
      await deliveries.ensurePending({ callId, target: TARGET, kind, eventKey, seq: 3, payload: { id: eventKey } });
      await deliveries.markDead(eventKey, TARGET, `ELMA365 webhook answered HTTP ${status}`, status);
      return eventKey;
    };
    const refused404 = await dead('lab:1.1', 'record', 404);
    const refused401 = await dead('lab:1.2', 'record', 401);
    const liveCard = await dead('lab:1.3', 'live', 404);
    const badPayload = await dead('lab:1.4', 'record', 400);
    const logger = recordingLogger();
    api!.useLogger(logger);
    const pushed =
      'http://127.0.0.1:10/api/extensions/0f8fad5b-d9cb-469f-a165-70867728950e/webhook?token=new-link-token-xyz';

    const put = await call(api!, 'PUT', { url: pushed });

    expect(put.status).toBe(200);
    expect(put.json).toEqual({
      url: 'http://127.0.0.1:10/api/extensions/***/webhook?token=***',
      source: 'elma365',
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string,
    });
    expect((await call(api!, 'GET')).json).toEqual(put.json);
    const stored = await query<{ value: { url: string } }>('SELECT value FROM connector_settings');
    expect(stored.map((r) => r.value.url)).toEqual([pushed]);

    const logged = logger.text();
    expect(logged).toContain('http://127.0.0.1:10/api/extensions/***/webhook?token=***');
    expect(logged).toContain('2 dead call record(s)');
    for (const secret of ['new-link-token-xyz', INITIAL_TOKEN, '0f8fad5b']) expect(logged).not.toContain(secret);

    const statuses = await query<{ event_key: string; status: string }>('SELECT event_key, status FROM deliveries');
    const statusOf = new Map(statuses.map((r) => [r.event_key, r.status]));
    expect([refused404, refused401, liveCard, badPayload].map((k) => statusOf.get(k))).toEqual([
      'pending',
      'pending',
      'dead',
      'dead',
    ]);
    const queue = api!.get<Queue>(getQueueToken(QueueName.Elma365Delivery));
    for (const eventKey of [refused404, refused401]) {
      expect(await queue.getJob(jobIdOf(`${TARGET}/${eventKey}`))).toBeDefined();
    }
    expect(await queue.getJob(jobIdOf(`${TARGET}/${liveCard}`))).toBeUndefined();
  });
});

describe('Elma365WebhookSettingRepository on PostgreSQL', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    await resetStores();
    dataSource = await createDataSource(TEST_DATABASE_URL).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('holds a new link back while a worker is deciding on the old one, then shows it to the next decision', async () => {
    const sut = new Elma365WebhookSettingRepository(dataSource);
    const order: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));

    const deciding = sut.whileUnchanged(async (stored) => {
      entered();
      await released;
      order.push(`decided on ${stored?.url ?? 'the configured link'}`);
    });
    await inside;
    const saving = sut.save('http://127.0.0.1:10/new').then(() => order.push('saved'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    order.push('released');
    release();
    await Promise.all([deciding, saving]);

    expect(order).toEqual(['released', 'decided on the configured link', 'saved']);
    await expect(sut.whileUnchanged((stored) => Promise.resolve(stored?.url))).resolves.toBe('http://127.0.0.1:10/new');
    expect((await sut.find())?.url).toBe('http://127.0.0.1:10/new');
  });
});

describe('two worker replicas follow a link ELMA365 pushes mid-stream', () => {
  let stubA: Elma365Stub;
  let stubB: Elma365Stub;
  let servers: AmiTestServer[] = [];
  let replicas: TestingModule[] = [];
  let api: NestExpressApplication | undefined;

  beforeEach(async () => {
    await resetStores();
    stubA = await Elma365Stub.start({ token: WEBHOOK_TOKEN });
    stubB = await Elma365Stub.start({ token: WEBHOOK_TOKEN });
  });

  afterEach(async () => {
    for (const replica of replicas) await replica.close();
    replicas = [];
    for (const server of servers) await server.close();
    servers = [];
    await api?.close();
    api = undefined;
    await stubA.close();
    await stubB.close();
  });

  const countWhere = async (where: string): Promise<number> =>
    Number((await query<{ n: string }>(`SELECT count(*) AS n FROM deliveries WHERE ${where}`))[0].n);

  it('delivers everything exactly once over both links, and nothing reaches the old link after the switch', async () => {
    const calls = 40;
    const trace = multipliedTrace('14-concurrent-burst', calls / 20);
    // Two replicas (ingest and worker each) on the same paced stream: the switch lands in the middle of it.
    servers = [
      await AmiTestServer.start({ trace, chunkSize: 8192, chunkDelayMs: 20 }),
      await AmiTestServer.start({ trace, chunkSize: 8192, chunkDelayMs: 20 }),
    ];
    replicas = [await startConnector(servers[0], stubA), await startConnector(servers[1], stubA, { keepQueues: true })];
    api = await startApiApp(apiEnv(stubA.url));
    await waitUntil(
      async () => (await countWhere(`kind = 'record' AND status = 'delivered'`)) >= 5,
      20_000,
      'the first records delivered to the old link',
    );

    const put = await call(api, 'PUT', { url: stubB.url });
    const switchedAt = Date.now();
    stubA.fail(404, '{"success":false,"error":"unknown webhook"}');
    expect(put.status).toBe(200);
    expect(await countWhere(`kind = 'record' AND status = 'delivered'`)).toBeLessThan(calls);

    await waitUntil(
      async () => (await countWhere(`kind = 'record' AND status = 'delivered'`)) >= calls,
      30_000,
      `all ${calls} records delivered`,
    );
    await waitUntil(
      async () => (await countLedger(TEST_DATABASE_URL, TEST_REDIS_URL, (r) => r.status === 'pending')) === 0,
      5_000,
      'no pending row',
    );

    const ledger = await ledgerRows(TEST_DATABASE_URL, TEST_REDIS_URL);
    // A live card may be skipped by design when it cannot arrive in time (3 quick tries, or its record went first);
    // a call record never is, and nothing is dead.
    const notDelivered = ledger.filter((r) => r.status !== 'delivered');
    expect(notDelivered.filter((r) => r.kind !== 'live' || r.status !== 'skipped')).toEqual([]);
    expect(notDelivered.filter((r) => /404|unknown webhook/.test(r.lastError ?? ''))).toEqual([]);
    const accepted = [...stubA.requests, ...stubB.requests].filter((r) => r.status === 200).map((r) => payloadOf(r).id);
    expect(accepted.length).toBe(new Set(accepted).size);
    const delivered = ledger.filter((r) => r.status === 'delivered').map((r) => r.eventKey);
    expect(new Set(accepted)).toEqual(new Set(delivered));
    expect(stubB.requests.filter((r) => r.status === 200).length).toBeGreaterThan(0);
    expect([...stubA.requests, ...stubB.requests].every((r) => r.signatureValid && r.tokenValid)).toBe(true);
    // A replica still holding the old link in its cache (how many do is a matter of timing) was refused by it and
    // went again to the new one: every request the old link refused reached the new link.
    const refusedIds = stubA.requests.filter((r) => r.status === 404).map((r) => payloadOf(r).id);
    const acceptedByNew = new Set(stubB.requests.filter((r) => r.status === 200).map((r) => payloadOf(r).id));
    expect(refusedIds.filter((id) => !acceptedByNew.has(id))).toEqual([]);
    const lateOnOldLink = stubA.requests.filter((r) => r.receivedAtMs > switchedAt + 2_500);
    expect(lateOnOldLink).toEqual([]);
  }, 60_000);

  it('replays the call record the old link refused before ELMA365 pushed the new one', async () => {
    stubA.fail(401, '{"success":false,"error":"invalid token"}');
    servers = [await AmiTestServer.start({ trace: '06-outbound-answered' })];
    replicas = [await startConnector(servers[0], stubA)];
    api = await startApiApp(apiEnv(stubA.url));
    await waitUntil(
      async () => (await countWhere(`kind = 'record' AND status = 'dead'`)) === 1,
      15_000,
      'the record dead-lettered with 401',
    );

    expect((await call(api, 'PUT', { url: stubB.url })).status).toBe(200);

    await waitUntil(
      async () => (await countWhere(`kind = 'record' AND status = 'delivered'`)) === 1,
      10_000,
      'the record delivered to the new link',
    );
    const records = stubB.requests.filter((r) => r.status === 200 && payloadOf(r).kind === 'record');
    expect(records).toHaveLength(1);
    // Live cards of a finished call are stale: left dead, not replayed.
    expect(stubB.requests.filter((r) => payloadOf(r).kind === 'event')).toEqual([]);
  }, 30_000);
});
