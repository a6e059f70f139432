import type { AddressInfo } from 'node:net';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { type Queue, Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigModule } from '@app/config';
import { DeliveryRepository } from '@app/persistence';
import { jobIdOf, QueueName, redisConnection } from '@app/queue';
import { configureHttpApp } from '../apps/api/src/common/configure-http-app';
import { DeliveriesModule } from '../apps/api/src/deliveries/deliveries.module';
import { resetStores } from './support/delivery-harness';
import { query, TEST_REDIS_URL, testConfig } from './support/test-database';
import { DeliveryTarget } from '@app/deliveries';

const ELMA365_WEBHOOK_TARGET = DeliveryTarget.Elma365Webhook;
const GENERIC_TARGET = DeliveryTarget.Elma365Generic;

interface DeadItem {
  eventKey: string;
  callId: string;
  kind: string;
  attempts: number;
  lastError: string | null;
  lastStatusCode: number | null;
  updatedAt: string;
}

describe('Dead deliveries API (e2e)', () => {
  let app: NestExpressApplication;
  let baseUrl: string;
  let queue: Queue;
  let deliveries: DeliveryRepository;

  const get = (path: string): Promise<Response> => fetch(`${baseUrl}${path}`);
  const post = (path: string): Promise<Response> => fetch(`${baseUrl}${path}`, { method: 'POST' });
  const retryPath = (eventKey: string): string => `/api/v1/deliveries/dead/${encodeURIComponent(eventKey)}/retry`;
  const statusOf = async (eventKey: string): Promise<string | undefined> =>
    (await query<{ status: string }>('SELECT status FROM deliveries WHERE event_key = $1', [eventKey]))[0]?.status;

  /** A dead letter: a webhook call record, or a generic-mode event (durable too; a live card is never dead). */
  async function addDead(callId: string, seq: number, target: DeliveryTarget): Promise<string> {
    const eventKey = target === ELMA365_WEBHOOK_TARGET ? `${callId}#record` : `${callId}#${seq}`;
    const delivery = { callId, target, kind: 'record' as const, eventKey, seq, payload: { id: eventKey } };
    await deliveries.ensurePending(delivery);
    await deliveries.markDead(eventKey, target, 'HTTP 400: Bad Request', 400);
    return eventKey;
  }

  beforeAll(async () => {
    await resetStores();
    const moduleRef = await Test.createTestingModule({ imports: [ConfigModule, DeliveriesModule] })
      .overrideProvider(AppConfig)
      .useValue(testConfig())
      .compile();
    queue = moduleRef.get<Queue>(getQueueToken(QueueName.Elma365Delivery));
    await queue.obliterate({ force: true });
    app = configureHttpApp(moduleRef.createNestApplication<NestExpressApplication>({ logger: false }));
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    deliveries = new DeliveryRepository(app.get(DataSource));
  });

  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await app?.close();
  });

  it('lists nothing while nothing is dead', async () => {
    const response = await get('/api/v1/deliveries/dead');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ items: [] });
  });

  it('lists dead deliveries with their last error, up to limit', async () => {
    const first = await addDead('office:1.1', 3, GENERIC_TARGET);
    await addDead('office:1.2', 9, ELMA365_WEBHOOK_TARGET);
    await deliveries.ensurePending({
      callId: 'office:1.3',
      target: ELMA365_WEBHOOK_TARGET,
      kind: 'record',
      eventKey: 'office:1.3#record',
      seq: 9,
      payload: {},
    });

    const items = ((await (await get('/api/v1/deliveries/dead')).json()) as { items: DeadItem[] }).items;
    expect(items).toHaveLength(2);
    expect(items[0]).toEqual({
      eventKey: first,
      callId: 'office:1.1',
      kind: 'record',
      attempts: 1,
      lastError: 'HTTP 400: Bad Request',
      lastStatusCode: 400,
      target: GENERIC_TARGET,
      updatedAt: expect.any(String),
    });
    expect(Number.isNaN(Date.parse(items[0].updatedAt))).toBe(false);
    expect(((await (await get('/api/v1/deliveries/dead?limit=1')).json()) as { items: DeadItem[] }).items).toHaveLength(
      1,
    );
  });

  it.each(['0', '501', 'x'])('refuses limit=%s with 400 naming limit', async (limit) => {
    const response = await get(`/api/v1/deliveries/dead?limit=${limit}`);

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      details: expect.arrayContaining([expect.objectContaining({ field: 'limit' })]),
    });
  });

  it('retries one: 202, the row is pending again and its job is on the elma365-delivery queue', async () => {
    const eventKey = 'office:1.1#3';
    const response = await post(retryPath(eventKey));

    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ replayed: 1 });
    expect(await statusOf(eventKey)).toBe('pending');
    const job = await queue.getJob(jobIdOf(`${GENERIC_TARGET}/${eventKey}`));
    expect(job?.data).toEqual({ eventKey, callId: 'office:1.1', kind: 'record', target: GENERIC_TARGET });
  });

  it('answers 404 DELIVERY_NOT_FOUND for an unknown key and for one that is not dead', async () => {
    for (const eventKey of ['office:nope#1', 'office:1.1#3', 'office:1.3#record']) {
      const response = await post(retryPath(eventKey));
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ statusCode: 404, code: 'DELIVERY_NOT_FOUND' });
    }
  });

  it('retries all: 202 with the count, nothing is dead afterwards, every job is queued', async () => {
    const more = [
      await addDead('office:2.1', 1, GENERIC_TARGET),
      await addDead('office:2.2', 9, ELMA365_WEBHOOK_TARGET),
    ];
    const response = await post('/api/v1/deliveries/dead/retry-all');

    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ replayed: 3 });
    expect(await query(`SELECT 1 FROM deliveries WHERE status = 'dead'`)).toHaveLength(0);
    for (const eventKey of ['office:1.2#record', ...more]) {
      const target = eventKey.endsWith('#record') ? ELMA365_WEBHOOK_TARGET : GENERIC_TARGET;
      expect(await statusOf(eventKey)).toBe('pending');
      expect(await queue.getJob(jobIdOf(`${target}/${eventKey}`))).toBeDefined();
    }
    expect(await (await post('/api/v1/deliveries/dead/retry-all')).json()).toEqual({ replayed: 0 });
  });

  it('retries a delivery whose job a worker still holds: 202, the job is left alone, the row is pending', async () => {
    const eventKey = await addDead('office:3.1', 9, ELMA365_WEBHOOK_TARGET);
    const jobId = jobIdOf(`${ELMA365_WEBHOOK_TARGET}/${eventKey}`);
    await queue.obliterate({ force: true });
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started = (): void => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    const worker = new Worker(
      QueueName.Elma365Delivery,
      async () => {
        started();
        await held;
      },
      { connection: redisConnection(TEST_REDIS_URL) },
    );
    try {
      await queue.add('record', { eventKey }, { jobId });
      await running;

      const response = await post(retryPath(eventKey));

      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({ replayed: 1 });
      expect(await statusOf(eventKey)).toBe('pending');
      expect(await queue.getJobState(jobId)).toBe('active');
    } finally {
      release();
      await worker.close();
    }
  });
});
