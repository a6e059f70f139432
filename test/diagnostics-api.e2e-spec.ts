/**
 * GET /api/v1/diagnostics: the doctor inside the running API (what ELMA365's «Проверить соединение» shows through the
 * module's VoipTestConnection). The module depends on the answer's shape; concurrent calls share one run and a
 * result is reused for 10 s, so the endpoint cannot make the connector burn ELMA365's script budget with pings.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AmiTestServer, Elma365Stub } from '@app/testing';
import { startApiApp } from './support/api-app';
import { amiUrlOf } from './support/ami-url';
import { resetStores } from './support/delivery-harness';

const API_KEY = 'diagnostics-api-key-0123456789';
const WEBHOOK_TOKEN = 'diagnostics-webhook-token-0123';
/** fresh, so nothing another test's ingest recorded in the test Redis counts */
const PBX_ID = `diag-${Date.now()}`;

interface Report {
  ok: boolean;
  checkedAt: string;
  checks: { id: string; scope: string | null; ok: boolean; title: string; detail: string; fix: string | null }[];
}

describe('GET /api/v1/diagnostics', () => {
  let ami: AmiTestServer;
  let stub: Elma365Stub;
  let app: NestExpressApplication;
  let url: string;

  const pings = (): number =>
    stub.requests.filter((r) => (r.body as { kind?: string } | undefined)?.kind === 'ping').length;
  const get = (authorization?: string): Promise<Response> =>
    fetch(url, { headers: authorization === undefined ? {} : { authorization } });

  beforeAll(async () => {
    await resetStores();
    ami = await AmiTestServer.start();
    stub = await Elma365Stub.start({ token: WEBHOOK_TOKEN });
    app = await startApiApp({
      API_KEYS: API_KEY,
      RECORDING_LINK_SECRET: 'diagnostics-recording-secret',
      AMI_URL: amiUrlOf(ami, PBX_ID),
      ELMA365_WEBHOOK_URL: stub.url,
      ELMA365_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    });
    url = `${await app.getUrl()}/api/v1/diagnostics`.replace('[::1]', '127.0.0.1');
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await ami?.close();
    await stub?.close();
  });

  it('answers 401 without an API key, and runs no check', async () => {
    const response = await get();
    expect(response.status).toBe(401);
    expect(((await response.json()) as { code: string }).code).toBe('AUTH_API_KEY_MISSING');
    expect(pings()).toBe(0);
    expect(ami.actionsNamed('ListCommands')).toHaveLength(0);
  });

  it('answers the report in the shape the module reads; two concurrent calls share one run, a third reuses it', async () => {
    const [first, second] = await Promise.all([get(`Bearer ${API_KEY}`), get(`Bearer ${API_KEY}`)]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const report = (await first.json()) as Report;
    expect(((await second.json()) as Report).checkedAt).toBe(report.checkedAt);

    expect(Object.keys(report).sort()).toEqual(['checkedAt', 'checks', 'ok']);
    expect(new Date(report.checkedAt).toISOString()).toBe(report.checkedAt);
    for (const check of report.checks) {
      expect(Object.keys(check).sort()).toEqual(['detail', 'fix', 'id', 'ok', 'scope', 'title']);
      expect(typeof check.ok).toBe('boolean');
      expect(check.fix === null).toBe(check.ok);
    }
    const byId = new Map(report.checks.map((check) => [`${check.scope ?? ''}/${check.id}`, check]));
    expect(byId.get(`${PBX_ID}/ami.login`)?.ok).toBe(true);
    expect(byId.get(`${PBX_ID}/ami.rights.originate`)?.ok).toBe(true);
    expect(byId.get('/elma365.webhook')?.ok).toBe(true);
    expect(byId.get('/elma365.module.state')?.detail).toMatch(/^yes/);
    // no ingest runs here: nobody recorded the event classes, so the verdict is false
    expect(byId.get(`${PBX_ID}/ami.events`)?.ok).toBe(false);
    expect(report.ok).toBe(false);

    // one run: one ListCommands (the doctor's own AMI session), two pings (the state check's pair)
    expect(ami.actionsNamed('ListCommands')).toHaveLength(1);
    expect(pings()).toBe(2);

    const third = (await (await get(`Bearer ${API_KEY}`)).json()) as Report;
    expect(third.checkedAt).toBe(report.checkedAt);
    expect(pings()).toBe(2);
    expect(ami.actionsNamed('ListCommands')).toHaveLength(1);
  }, 30_000);
});
