import type { NestExpressApplication } from '@nestjs/platform-express';
import { AmiTestServer, waitFor } from '@app/testing';
import { PbxActionsService } from '../apps/api/src/pbx/pbx-actions.service';
import { resetStores } from './support/delivery-harness';
import { amiUrlOf } from './support/ami-url';
import { startApiApp } from './support/api-app';
import { READINESS_REUSE_MS } from '../apps/api/src/health/health.controller';

describe('GET /health/ready (what ELMA365\'s "test connection" calls)', () => {
  let app: NestExpressApplication;
  let server: AmiTestServer;
  let baseUrl: string;

  beforeAll(async () => {
    await resetStores();
    server = await AmiTestServer.start();
    app = await startApiApp({ AMI_URL: amiUrlOf(server) });
    baseUrl = await app.getUrl();
    const pbxs = app.get(PbxActionsService);
    await waitFor(() => pbxs.isConnected('office'), { timeoutMs: 5000, what: 'the AMI login' });
  });

  afterAll(async () => {
    await app.close();
    await server.close();
  });

  it('answers 200 with Redis, PostgreSQL and each PBX up, without an API key', async () => {
    const res = await fetch(`${baseUrl}/health/ready`);
    const body = (await res.json()) as { status: string; info: Record<string, { status: string }> };

    expect(res.status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.info).toMatchObject({
      redis: { status: 'up' },
      postgres: { status: 'up' },
      ami: { status: 'up', office: 'connected' },
    });
  });

  it('answers 503 naming the PBX whose AMI connection is down', async () => {
    await server.close();
    const pbxs = app.get(PbxActionsService);
    await waitFor(() => !pbxs.isConnected('office'), { timeoutMs: 5000, what: 'the AMI drop' });
    // One run of the checks answers everybody for READINESS_REUSE_MS: the answer before the drop may still stand.
    await new Promise((resolve) => setTimeout(resolve, READINESS_REUSE_MS + 100));

    const res = await fetch(`${baseUrl}/health/ready`);
    const body = (await res.json()) as { code: string; details: { field: string; reason: string }[] };

    expect(res.status).toBe(503);
    expect(body.code).toBe('HEALTH_NOT_READY');
    expect(body.details).toEqual([{ field: 'ami', reason: 'down (office: disconnected)' }]);
  });
});
