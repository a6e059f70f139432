import { createServer } from 'node:net';
import { Gauge, Registry } from 'prom-client';
import { registerAmiSessionGauges } from './ami-session.gauges';
import { OpsHttpErrorCode, OpsHttpException } from './ops-http.exception';
import { OpsHttpServer } from './ops-http.server';
import { amiSessionsCheck, pingCheck } from './readiness-check';

describe('OpsHttpServer', () => {
  const sessions = [{ pbx: { pbxId: 'office' }, connected: true, eventCount: 42, liveCalls: 3, callsRecovered: 0 }];
  const registry = new Registry();
  registerAmiSessionGauges(registry, () => sessions);
  let sut: OpsHttpServer;

  beforeAll(async () => {
    sut = await OpsHttpServer.listen({
      host: '127.0.0.1',
      port: 0,
      checks: [pingCheck('redis', () => Promise.resolve()), amiSessionsCheck(() => sessions)],
      registry,
    });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('answers /health/live', async () => {
    const res = await fetch(`${sut.url}/health/live`);

    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ status: 'ok' });
  }, 5_000);

  it('answers /health/ready from the checks, 503 as soon as one is down', async () => {
    const up = await fetch(`${sut.url}/health/ready`);
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({
      status: 'ok',
      info: { redis: { status: 'up' }, ami: { status: 'up', office: 'connected' } },
    });

    sessions[0] = { ...sessions[0], connected: false };
    const down = await fetch(`${sut.url}/health/ready?verbose=1`);
    sessions[0] = { ...sessions[0], connected: true };

    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({
      code: 'HEALTH_NOT_READY',
      details: [{ field: 'ami', reason: 'down (office: disconnected)' }],
    });
  }, 5_000);

  it('serves the registry in the Prometheus text format', async () => {
    const res = await fetch(`${sut.url}/metrics`);
    const text = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(registry.contentType);
    expect(text).toContain('connector_ami_connected{pbx="office"} 1');
    expect(text).toContain('connector_ami_events{pbx="office"} 42');
    expect(text).toContain('connector_live_calls{pbx="office"} 3');
  }, 5_000);

  it('answers 404 for any other path and 405 for another method', async () => {
    const missing = await fetch(`${sut.url}/api/v1/calls`);
    const post = await fetch(`${sut.url}/metrics`, { method: 'POST' });

    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: OpsHttpErrorCode.NotFound });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  }, 5_000);

  it('answers 500 when a collector throws, and keeps serving', async () => {
    const failing = new Registry();
    new Gauge({
      name: 'broken',
      help: 'a collector whose source is gone',
      registers: [failing],
      collect() {
        throw new Error('source gone');
      },
    });
    const server = await OpsHttpServer.listen({ host: '127.0.0.1', port: 0, checks: [], registry: failing });
    try {
      const res = await fetch(`${server.url}/metrics`);
      const live = await fetch(`${server.url}/health/live`);

      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({ code: OpsHttpErrorCode.AnswerFailed });
      expect(live.status).toBe(200);
    } finally {
      await server.close();
    }
  }, 5_000);

  it('fails to start on a port in use, naming the variable to change', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const started = OpsHttpServer.listen({ host: '127.0.0.1', port, checks: [], registry });

      await expect(started).rejects.toThrow(OpsHttpException);
      await expect(started).rejects.toMatchObject({
        code: OpsHttpErrorCode.ListenFailed,
        message: expect.stringContaining('EADDRINUSE') as unknown,
      });
      await expect(started).rejects.toThrow(/OPS_HTTP_PORT/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 5_000);
});
