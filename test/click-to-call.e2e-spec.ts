import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AmiMessage } from '@app/ami';
import { AppConfig, ConfigModule, type Environment } from '@app/config';
import { AmiTestServer, waitFor, type AmiTestConnection, type ReceivedAmiAction } from '@app/testing';
import { ClickToCallModule } from '../apps/api/src/click-to-call/click-to-call.module';
import { configureHttpApp } from '../apps/api/src/common/configure-http-app';
import { PbxActionsService } from '../apps/api/src/pbx/pbx-actions.service';
import { answerEndpoints } from './support/ami-endpoints';
import { testConfig } from './support/test-database';

const AUTO_ANSWER = 'Call-Info: <sip:127.0.0.1>;answer-after=0';

interface Api {
  readonly app: NestExpressApplication;
  readonly baseUrl: string;
  post(body: unknown, apiKeyId?: string): Promise<Response>;
}

/** The click-to-call API in-process, its AMI session logged in to `server`; `x-test-key-id` stands for the key guard. */
async function startApi(server: AmiTestServer, env: Environment = {}): Promise<Api> {
  const config = testConfig({ AMI_URL: `ami://crm:crmS3cret@127.0.0.1:${server.port}/office`, ...env });
  const moduleRef = await Test.createTestingModule({ imports: [ConfigModule, ClickToCallModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  app.use((req: IncomingMessage & { apiKeyId?: string }, _res: ServerResponse, next: () => void) => {
    const keyId = req.headers['x-test-key-id'];
    if (typeof keyId === 'string') req.apiKeyId = keyId;
    next();
  });
  configureHttpApp(app);
  await app.listen(0, '127.0.0.1');
  const pbxs = app.get(PbxActionsService);
  await waitFor(() => pbxs.isConnected('office'), { what: 'API AMI login' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const post = (body: unknown, apiKeyId = `key-${Math.random()}`) =>
    fetch(`${baseUrl}/api/v1/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-key-id': apiKeyId },
      body: JSON.stringify(body),
    });
  return { app, baseUrl, post };
}

describe('POST /api/v1/calls (e2e, AMI over TCP)', () => {
  let server: AmiTestServer;
  let api: Api;
  let originateAnswer: (action: AmiMessage, connection: AmiTestConnection) => void;

  beforeAll(async () => {
    server = await AmiTestServer.start();
    server.onAction('PJSIPShowEndpoints', answerEndpoints);
    server.onAction('Originate', (action, connection) => originateAnswer(action, connection));
    api = await startApi(server, {
      CLICK_TO_CALL_CONTEXT: 'click-to-call',
      CLICK_TO_CALL_RING_TIMEOUT_SECONDS: '25',
      CLICK_TO_CALL_AUTO_ANSWER_HEADER: AUTO_ANSWER,
    });
  });

  beforeEach(() => {
    originateAnswer = (action, connection) =>
      connection.respond(action, 'Success', { Message: 'Originate successfully queued' });
  });

  afterAll(async () => {
    await api?.app.close();
    await server?.close();
  });

  const originates = (): ReceivedAmiAction[] => server.actionsNamed('Originate');

  it('queues an async Originate with exactly the expected headers and answers 202 with the call id', async () => {
    const before = originates().length;
    const startedAt = Date.now();

    const response = await api.post({
      extension: '1001',
      phone: '8 (916) 123-45-67',
      callerName: 'Клиент ООО Вектор',
      variables: { CRM_ID: 'deal-4242', __CRM_NOTE: 'a,b "c" (d)' },
    });

    expect(response.status).toBe(202);
    expect(Date.now() - startedAt).toBeLessThan(1000);
    const body = (await response.json()) as { callId: string; status: string };
    const sent = await server.waitForAction('Originate', { nth: before });
    const actionId = sent.message.get('ActionID') ?? '';
    const channelId = sent.message.get('ChannelId') ?? '';
    expect(actionId).toMatch(/^api-office-\d+-[0-9a-f]{12}$/);
    expect(channelId).toMatch(/^c2c-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(body).toEqual({ callId: `office:${channelId}`, status: 'originating' });

    const expected: [string, string][] = [
      ['Action', 'Originate'],
      ['ActionID', actionId],
      ['Channel', 'PJSIP/1001'],
      ['Context', 'click-to-call'],
      ['Exten', '79161234567'],
      ['Priority', '1'],
      ['Timeout', '25000'],
      ['CallerID', '"Клиент ООО Вектор" <+79161234567>'],
      ['Async', 'true'],
      ['ChannelId', channelId],
      ['Variable', 'CRM_ID=deal-4242'],
      ['Variable', '__CRM_NOTE=a\\,b \\"c\\" \\(d\\)'],
      ['Variable', 'PJSIP_HEADER(add,Call-Info)=<sip:127.0.0.1>;answer-after=0'],
    ];
    expect(sent.message.headers).toEqual(expected);
    const raw = expected.map(([name, value]) => `${name}: ${value}\r\n`).join('') + '\r\n';
    expect(sent.raw.equals(Buffer.from(raw, 'utf8'))).toBe(true);
  });

  it('keeps an internal extension as the number to dial', async () => {
    const before = originates().length;

    const response = await api.post({ extension: '1001', phone: '1002' });

    expect(response.status).toBe(202);
    const sent = await server.waitForAction('Originate', { nth: before });
    expect(sent.message.get('Exten')).toBe('1002');
    expect(sent.message.get('CallerID')).toBe('"1002" <1002>');
  });

  it.each([
    ['an international number', '+44 20 7946 0958', /International number \+442079460958/],
    ['a number outside the allowed patterns', '1234567', /1234567 matches none of the allowed/],
    ['a Kazakh number behind the shared +7', '+7 701 234 5678', /\+77012345678 matches none of the allowed/],
    ['a premium-rate 809 number dialled as 8…', '8 809 123 4567', /\+78091234567 matches none of the allowed/],
    ['a premium-rate 803 number', '+7 803 123 4567', /\+78031234567 matches none of the allowed/],
  ])('refuses %s with 403 CLICK_TO_CALL_NUMBER_NOT_ALLOWED and sends nothing', async (_what, phone, reason) => {
    const before = originates().length;

    const response = await api.post({ extension: '1001', phone });

    expect(response.status).toBe(403);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe('CLICK_TO_CALL_NUMBER_NOT_ALLOWED');
    expect(body.message).toMatch(reason);
    expect(originates()).toHaveLength(before);
  });

  it.each([
    ['phone', { extension: '1001', phone: 'call me maybe' }],
    ['phone', { extension: '1001', phone: '89161234567\r\nAction: Originate' }],
    ['phone', { extension: '1001' }],
    ['extension', { extension: '1001\r\nChannel: PJSIP/mts-trunk', phone: '89161234567' }],
    ['extension', { extension: '', phone: '89161234567' }],
    ['callerName', { extension: '1001', phone: '89161234567', callerName: 'Anna\r\nAction: Originate' }],
    ['callerName', { extension: '1001', phone: '89161234567', callerName: 'x" <666>' }],
    ['variables', { extension: '1001', phone: '89161234567', variables: { 'BAD-NAME': '1' } }],
    ['variables', { extension: '1001', phone: '89161234567', variables: { CRM_ID: 'a\nAction: Hangup' } }],
    ['variables', { extension: '1001', phone: '89161234567', variables: { CRM_ID: 'x'.repeat(257) } }],
    ['variables', { extension: '1001', phone: '89161234567', variables: null }],
    ['variables', { extension: '1001', phone: '89161234567', variables: ['CRM_ID=1'] }],
    ['variables', { extension: '1001', phone: '89161234567', variables: { __TRANSFER_CONTEXT: 'international' } }],
    ['variables', { extension: '1001', phone: '89161234567', variables: { DYNAMIC_FEATURES: 'automon' } }],
    ['variables', { extension: '1001', phone: '89161234567', variables: { _SIPADDHEADER01: 'X-Bill: other' } }],
    [
      'variables',
      {
        extension: '1001',
        phone: '89161234567',
        variables: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`V${i}`, 'x'])),
      },
    ],
    ['pbxId', { extension: '1001', phone: '89161234567', pbxId: '../office' }],
  ])('answers 400 naming %s for a bad body, sending nothing', async (field, body) => {
    const before = originates().length;

    const response = await api.post(body);

    expect(response.status).toBe(400);
    const error = (await response.json()) as { code: string; details: { field: string }[] };
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.map((d) => d.field)).toContain(field);
    expect(originates()).toHaveLength(before);
  });

  it.each([
    ['an unknown extension', { extension: '1003', phone: '89161234567' }, 'CLICK_TO_CALL_EXTENSION_NOT_FOUND'],
    ['a trunk as the extension', { extension: 'mts-trunk', phone: '89161234567' }, 'CLICK_TO_CALL_EXTENSION_NOT_FOUND'],
    ['an unknown PBX', { extension: '1001', phone: '89161234567', pbxId: 'branch' }, 'CLICK_TO_CALL_PBX_NOT_FOUND'],
  ])('answers 404 for %s', async (_what, body, code) => {
    const before = originates().length;

    const response = await api.post(body);

    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: string }).code).toBe(code);
    expect(originates()).toHaveLength(before);
  });

  it("answers 502 with Asterisk's message when the Originate is refused, and never retries it", async () => {
    originateAnswer = (action, connection) => connection.respond(action, 'Error', { Message: 'Originate failed' });
    const before = originates().length;

    const response = await api.post({ extension: '1002', phone: '+7 916 123 45 67' });

    expect(response.status).toBe(502);
    const body = (await response.json()) as { code: string; message: string };
    expect(body).toMatchObject({ statusCode: 502, code: 'CLICK_TO_CALL_ORIGINATE_REJECTED' });
    expect(body.message).toContain('Originate failed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(originates()).toHaveLength(before + 1);
  });

  it('answers 503 when the AMI connection is down', async () => {
    await server.close();
    await waitFor(() => !api.app.get(PbxActionsService).isConnected('office'), { what: 'AMI disconnect' });

    const response = await api.post({ extension: '1001', phone: '89161234567' });

    expect(response.status).toBe(503);
    expect(((await response.json()) as { code: string }).code).toBe('CLICK_TO_CALL_PBX_UNAVAILABLE');
  });
});

describe('POST /api/v1/calls with a click-to-call AMI user of its own (AMI_ORIGINATE_URL)', () => {
  let events: AmiTestServer;
  let originator: AmiTestServer;
  let api: Api;

  beforeAll(async () => {
    // Two servers stand for one PBX's two users: the kit's events user may not Originate, its originate user may
    // not list endpoints, so each action must arrive at the user that may send it.
    events = await AmiTestServer.start({ writeClasses: ['system', 'reporting'] });
    events.onAction('PJSIPShowEndpoints', answerEndpoints);
    originator = await AmiTestServer.start({ username: 'c2c', secret: 'c2cS3cret', writeClasses: ['originate'] });
    originator.onAction('Originate', (action, connection) =>
      connection.respond(action, 'Success', { Message: 'Originate successfully queued' }),
    );
    api = await startApi(events, { AMI_ORIGINATE_URL: `ami://c2c:c2cS3cret@127.0.0.1:${originator.port}/office` });
    await waitFor(() => api.app.get(PbxActionsService).statuses()[0].connected, { what: 'both users logged in' });
  });

  afterAll(async () => {
    await api?.app.close();
    await events?.close();
    await originator?.close();
  });

  it('lists endpoints as the AMI_URL user and originates as the AMI_ORIGINATE_URL user', async () => {
    const response = await api.post({ extension: '1001', phone: '+7 916 123 45 67' });

    expect(response.status).toBe(202);
    const sent = await originator.waitForAction('Originate');
    expect(sent.message.get('Channel')).toBe('PJSIP/1001');
    expect(sent.message.get('ActionID')).toMatch(/^c2c-office-/);
    expect(events.actionsNamed('PJSIPShowEndpoints').length).toBeGreaterThan(0);
    expect(events.actionsNamed('Originate')).toHaveLength(0);
    expect(originator.actionsNamed('PJSIPShowEndpoints')).toHaveLength(0);
  });

  it("answers 503 naming the click-to-call user while only that user's session is down", async () => {
    await originator.close();
    await waitFor(() => !api.app.get(PbxActionsService).statuses()[0].connected, { what: 'originate user gone' });

    const response = await api.post({ extension: '1001', phone: '89161234567' });

    expect(response.status).toBe(503);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe('CLICK_TO_CALL_PBX_UNAVAILABLE');
    expect(body.message).toContain('AMI_ORIGINATE_URL');
    expect(events.actionsNamed('Originate')).toHaveLength(0);
  });
});

describe('POST /api/v1/calls rate limit (e2e)', () => {
  let server: AmiTestServer;
  let api: Api;

  beforeAll(async () => {
    server = await AmiTestServer.start();
    server.onAction('PJSIPShowEndpoints', answerEndpoints);
    server.onAction('Originate', (action, connection) =>
      connection.respond(action, 'Success', { Message: 'Originate successfully queued' }),
    );
    api = await startApi(server, { CLICK_TO_CALL_RATE_PER_MINUTE: '3' });
  });

  afterAll(async () => {
    await api?.app.close();
    await server?.close();
  });

  it('answers 429 with Retry-After once an API key made ratePerMinute requests; other keys go on', async () => {
    const call = { extension: '1001', phone: '89161234567' };
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await api.post(call, 'crm-prod')).status);
    expect(statuses).toEqual([202, 202, 202]);

    const limited = await api.post(call, 'crm-prod');

    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(((await limited.json()) as { code: string }).code).toBe('CLICK_TO_CALL_RATE_LIMITED');
    expect(server.actionsNamed('Originate')).toHaveLength(3);
    expect((await api.post(call, 'crm-test')).status).toBe(202);
  });
});
