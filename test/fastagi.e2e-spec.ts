import { connect } from 'node:net';
import { Test, type TestingModule } from '@nestjs/testing';
import { AppConfig, FastAgiConfig, loadConfig, loadFastAgiConfig } from '@app/config';
import { Elma365PubApiStub, waitFor, type Elma365PubApiStubData } from '@app/testing';
import { FastAgiModule } from '../apps/ingest/src/fastagi/fastagi.module';
import { FastAgiService } from '../apps/ingest/src/fastagi/fastagi.service';
import { PUB_API_BUDGET_KEY } from '@app/queue';
import { Redis } from 'ioredis';
import { TEST_REDIS_URL } from './support/test-database';

const token = 'pub-api-token-Qw73';
const deadlineMs = 300;
/** generous: CI machines stall; what matters is being far below the stub's 2 s */
const slackMs = 700;

const crmData: Elma365PubApiStubData = {
  apps: {
    '_clients/_contacts': [
      // Matches the substring search for 9161234567 but is another number: must be skipped.
      { __id: 'c-decoy', __name: 'Decoy GmbH', _phone: [{ type: 'work', tel: '+49 9161234567' }] },
      {
        __id: 'c-ivan',
        __name: 'Иван Петров "ООО Ромашка"',
        _phone: [{ type: 'mobile', tel: '89161234567' }],
        _responsible: ['u-anna'],
      },
      { __id: 'c-boris', __name: 'Борис', _phone: [{ type: 'work', tel: '+74959876543' }], _responsible: ['u-none'] },
    ],
  },
  users: [{ __id: 'u-anna', __name: 'Anna' }],
  bindings: { ext_asterisk: [{ extension: '1001', userId: 'u-anna' }] },
};

interface AgiTranscript {
  readonly commands: readonly string[];
  readonly variables: Readonly<Record<string, string>>;
  readonly durationMs: number;
  readonly endedAtMs: number;
}

interface FakeCall {
  readonly callerId?: string;
  readonly script?: string;
  /** send HANGUP and close right after the environment block, as when the caller gives up */
  readonly hangUp?: boolean;
  /** the address the call comes from (any 127.x.y.z works on Linux's loopback) */
  readonly from?: string;
}

/** Speaks AGI as Asterisk does: the environment block, then `200 result=1` to every command. */
function fakeAsteriskCall(port: number, call: FakeCall = {}): Promise<AgiTranscript> {
  const { callerId = '79161234567', script = 'route', hangUp = false, from } = call;
  const startedAtMs = Date.now();
  const commands: string[] = [];
  const variables: Record<string, string> = {};
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', ...(from ? { localAddress: from } : {}) });
    let pending = '';
    socket.setEncoding('utf8');
    socket.on('error', reject);
    socket.on('connect', () => {
      socket.write(
        [
          'agi_network: yes',
          `agi_network_script: ${script}`,
          `agi_request: agi://127.0.0.1:${port}/${script}`,
          'agi_channel: PJSIP/mts-trunk-00000001',
          'agi_language: en',
          'agi_type: PJSIP',
          'agi_uniqueid: 1700000000.42',
          'agi_version: 20.5.0',
          `agi_callerid: ${callerId}`,
          'agi_calleridname: unknown',
          'agi_callingpres: 0',
          'agi_dnid: 74951234567',
          'agi_context: from-mts',
          'agi_extension: 74951234567',
          'agi_priority: 2',
          'agi_enhanced: 0.0',
          'agi_accountcode: ',
          'agi_threadid: 140234',
          '',
          '',
        ].join('\n'),
      );
      if (hangUp) socket.end('HANGUP\n');
    });
    socket.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        commands.push(line);
        const set = /^SET VARIABLE (\S+) "((?:[^"\\]|\\.)*)"$/.exec(line);
        if (set) variables[set[1]] = set[2].replace(/\\(.)/g, '$1');
        if (!socket.destroyed && socket.writable) socket.write('200 result=1\n');
      }
    });
    socket.on('close', () => {
      const endedAtMs = Date.now();
      resolve({ commands, variables, durationMs: endedAtMs - startedAtMs, endedAtMs });
    });
  });
}

describe('FastAGI call routing from ELMA365 (e2e)', () => {
  let stub: Elma365PubApiStub;
  let moduleRef: TestingModule | undefined;
  let port: number;

  async function startConnector(env: Record<string, string> = {}): Promise<void> {
    const fastAgi = loadFastAgiConfig({
      FASTAGI_ENABLED: 'true',
      FASTAGI_HOST: '127.0.0.1',
      FASTAGI_DEADLINE_MS: String(deadlineMs),
      ELMA365_API_URL: stub.url,
      ELMA365_API_TOKEN: token,
      ELMA365_TELEPHONY_MODULE_CODE: 'ext_asterisk',
      ...env,
    });
    moduleRef = await Test.createTestingModule({ imports: [FastAgiModule] })
      .overrideProvider(AppConfig)
      // The /pub/v1 budget lives in the test Redis database.
      .useValue(loadConfig({ LOG_LEVEL: 'error', REDIS_URL: TEST_REDIS_URL }))
      .overrideProvider(FastAgiConfig)
      // Port 0: the OS chooses; the variable itself only accepts 1-65535.
      .useValue({ ...fastAgi, port: 0 })
      .compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    port = moduleRef.get(FastAgiService).address()!.port;
  }

  beforeEach(async () => {
    const redis = new Redis(TEST_REDIS_URL);
    await redis.del(PUB_API_BUDGET_KEY);
    redis.disconnect();
    stub = await Elma365PubApiStub.start({ token, data: crmData });
    await startConnector();
  });

  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    await stub.close();
  });

  it("a known caller: forward to the responsible user's extension, the name intact, looked up in ELMA365", async () => {
    const transcript = await fakeAsteriskCall(port);

    expect(transcript.variables).toEqual({
      CRM_ACTION: 'forward',
      CRM_EXTENSION: '1001',
      CRM_CALLER_NAME: 'Иван Петров "ООО Ромашка"',
      CRM_LOOKUP: 'crm',
    });
    const [search, bindings] = stub.requests;
    expect(search).toMatchObject({
      method: 'POST',
      path: '/pub/v1/app/_clients/_contacts/list',
      authorized: true,
      body: { active: true, filter: { tf: { _phone: '9161234567' } }, from: 0 },
    });
    expect(bindings).toMatchObject({ method: 'GET', path: '/pub/v1/integration/ext_asterisk/voip/bindings' });
  });

  it('the second call from the same number is answered from the cache, without a request', async () => {
    await fakeAsteriskCall(port);
    const requestsAfterFirst = stub.requests.length;

    const second = await fakeAsteriskCall(port, { callerId: '+7 916 123-45-67' });

    expect(second.variables).toMatchObject({ CRM_ACTION: 'forward', CRM_EXTENSION: '1001', CRM_LOOKUP: 'cache' });
    expect(stub.requests).toHaveLength(requestsAfterFirst);
  });

  it('an unknown caller: default, no extension, no name', async () => {
    const transcript = await fakeAsteriskCall(port, { callerId: '79990000000' });

    expect(transcript.variables).toEqual({
      CRM_ACTION: 'default',
      CRM_EXTENSION: '',
      CRM_CALLER_NAME: '',
      CRM_LOOKUP: 'crm',
    });
  });

  it('a contact whose responsible user has no extension: default, with the name', async () => {
    const transcript = await fakeAsteriskCall(port, { callerId: '84959876543' });

    expect(transcript.variables).toMatchObject({ CRM_ACTION: 'default', CRM_EXTENSION: '', CRM_CALLER_NAME: 'Борис' });
  });

  it("voicemail when the contact's routing field says so", async () => {
    await moduleRef?.close();
    stub.setData({
      ...crmData,
      apps: {
        '_clients/_contacts': [
          {
            __name: 'Night caller',
            _phone: [{ tel: '+79161234567' }],
            _responsible: ['u-anna'],
            _routing: [{ code: 'voicemail', name: 'Голосовая почта' }],
          },
        ],
      },
    });
    await startConnector({ ELMA365_CONTACT_ROUTING_FIELD: '_routing' });

    const transcript = await fakeAsteriskCall(port);

    expect(transcript.variables).toMatchObject({ CRM_ACTION: 'voicemail', CRM_EXTENSION: '1001' });
  });

  it('ELMA365 slow (2 s): the fallback, within the deadline, long before ELMA365 answers; the late answer fills the cache', async () => {
    stub.slow(2000);

    const transcript = await fakeAsteriskCall(port);

    expect(transcript.variables).toEqual({
      CRM_ACTION: 'default',
      CRM_EXTENSION: '',
      CRM_CALLER_NAME: '',
      CRM_LOOKUP: 'fallback',
    });
    expect(transcript.durationMs).toBeLessThan(deadlineMs + slackMs);
    expect(stub.requests).toHaveLength(1);
    expect(transcript.endedAtMs).toBeLessThan(stub.requests[0].receivedAtMs + 2000);

    // The contact search answers at 2 s and the bindings at once: from then on the caller is known.
    stub.ok();
    await waitFor(() => stub.requests.length === 2, { timeoutMs: 5000, what: 'the bindings request' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const next = await fakeAsteriskCall(port);
    expect(next.variables).toMatchObject({ CRM_ACTION: 'forward', CRM_LOOKUP: 'cache' });
  }, 15_000);

  it('ELMA365 down (connection refused): the fallback, within the deadline', async () => {
    await stub.refuse();

    const transcript = await fakeAsteriskCall(port);

    expect(transcript.variables).toMatchObject({ CRM_ACTION: 'default', CRM_LOOKUP: 'fallback' });
    expect(transcript.durationMs).toBeLessThan(deadlineMs + slackMs);
  });

  it('429 with Retry-After: the fallback, and no request to ELMA365 until it has passed', async () => {
    stub.rateLimit(1);

    const first = await fakeAsteriskCall(port);
    const second = await fakeAsteriskCall(port, { callerId: '79990000000' });

    expect(first.variables).toMatchObject({ CRM_ACTION: 'default', CRM_LOOKUP: 'fallback' });
    expect(second.variables).toMatchObject({ CRM_ACTION: 'default', CRM_LOOKUP: 'fallback' });
    expect(stub.requests).toHaveLength(1);

    stub.ok();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const after = await fakeAsteriskCall(port);
    expect(after.variables).toMatchObject({ CRM_ACTION: 'forward', CRM_LOOKUP: 'crm' });
  });

  it('the caller hanging up mid-session does not disturb the server', async () => {
    stub.slow(500);

    const hungUp = await fakeAsteriskCall(port, { hangUp: true });
    const aborted = await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.destroy());
      socket.on('close', () => resolve());
    });

    expect(hungUp.commands).toEqual([]);
    expect(aborted).toBeUndefined();
    stub.ok();
    const next = await fakeAsteriskCall(port, { callerId: '79990000000' });
    expect(next.variables).toMatchObject({ CRM_ACTION: 'default', CRM_LOOKUP: 'crm' });
  });

  it('an extension that is not an internal one is never offered to the dialplan', async () => {
    stub.setData({
      ...crmData,
      bindings: { ext_asterisk: [{ extension: '1001&PJSIP/88005553535@mts-trunk', userId: 'u-anna' }] },
    });

    const transcript = await fakeAsteriskCall(port);

    expect(transcript.variables).toMatchObject({ CRM_ACTION: 'default', CRM_EXTENSION: '' });
  });

  it('more sessions than FASTAGI_MAX_SESSIONS: the extra one is closed at once', async () => {
    await moduleRef?.close();
    await startConnector({ FASTAGI_MAX_SESSIONS: '1' });
    stub.slow(1000);

    const [first, extra] = await Promise.all([
      fakeAsteriskCall(port),
      new Promise((resolve) => setTimeout(resolve, 50)).then(() => fakeAsteriskCall(port, { callerId: '79990000000' })),
    ]);

    expect(first.variables).toMatchObject({ CRM_LOOKUP: 'fallback' });
    expect(extra.commands).toEqual([]);
  });

  it('a session from an address that is not the PBX is closed unanswered, asking ELMA365 nothing', async () => {
    const stranger = await fakeAsteriskCall(port, { from: '127.0.0.2' });

    expect(stranger.variables).toEqual({});
    expect(stranger.commands).toEqual([]);
    expect(stub.requests).toHaveLength(0);
    const pbx = await fakeAsteriskCall(port);
    expect(pbx.variables).toMatchObject({ CRM_ACTION: 'forward' });
  });

  it('a session from a PBX named in FASTAGI_ALLOWED_PEERS is answered', async () => {
    await moduleRef?.close();
    await startConnector({ FASTAGI_ALLOWED_PEERS: '127.0.0.2' });

    const transcript = await fakeAsteriskCall(port, { from: '127.0.0.2' });

    expect(transcript.variables).toMatchObject({ CRM_ACTION: 'forward', CRM_LOOKUP: 'crm' });
  });

  it('more new numbers at once than FASTAGI_MAX_LOOKUPS: the rest get the default at once, costing no request', async () => {
    await moduleRef?.close();
    await startConnector({ FASTAGI_MAX_LOOKUPS: '2' });
    stub.slow(1000);

    const calls = await Promise.all(
      Array.from({ length: 6 }, (_, i) => fakeAsteriskCall(port, { callerId: `7916000000${i}` })),
    );

    expect(calls.every((c) => c.variables.CRM_ACTION === 'default')).toBe(true);
    expect(stub.requests).toHaveLength(2);
    stub.ok();
  }, 15_000);

  it('the /pub/v1 budget spent: a new number gets the default at once, without a request', async () => {
    await moduleRef?.close();
    await startConnector({ ELMA365_API_RATE_LIMIT_PER_MINUTE: '2' });

    await fakeAsteriskCall(port); // a contact search and the bindings: both slots of this minute
    const spent = stub.requests.length;
    const next = await fakeAsteriskCall(port, { callerId: '79990000001' });

    expect(spent).toBe(2);
    expect(next.variables).toMatchObject({ CRM_ACTION: 'default', CRM_LOOKUP: 'fallback' });
    expect(stub.requests).toHaveLength(spent);
  });

  it('an anonymous caller gets the fallback without asking ELMA365', async () => {
    const transcript = await fakeAsteriskCall(port, { callerId: 'anonymous' });

    expect(transcript.variables).toMatchObject({ CRM_ACTION: 'default', CRM_LOOKUP: 'fallback' });
    expect(stub.requests).toHaveLength(0);
  });

  it('an unknown script path is refused: a VERBOSE line, no variables, the session closed', async () => {
    const transcript = await fakeAsteriskCall(port, { script: 'dial-everyone' });

    expect(transcript.commands).toEqual([expect.stringMatching(/^VERBOSE ".*dial-everyone.*" 1$/)]);
    expect(transcript.variables).toEqual({});
    expect(stub.requests).toHaveLength(0);
  });
});

describe('loadFastAgiConfig', () => {
  it('defaults: disabled, 127.0.0.1:4573, 300 ms, sessions from loopback and the PBX hosts only, no CRM', () => {
    expect(loadFastAgiConfig({}, ['pbx.office.lan'])).toEqual({
      enabled: false,
      host: '127.0.0.1',
      port: 4573,
      deadlineMs: 300,
      maxSessions: 200,
      allowedPeers: ['127.0.0.1', '::1', 'pbx.office.lan'],
      crm: null,
    });
    expect(loadConfig({ AMI_URL: 'ami://u:secret-1234@10.0.0.5:5038/office' }).fastAgi.allowedPeers).toContain(
      '10.0.0.5',
    );
    expect(loadFastAgiConfig({ FASTAGI_ALLOWED_PEERS: 'asterisk, 10.0.0.9' }, ['pbx']).allowedPeers).toEqual([
      '127.0.0.1',
      '::1',
      'asterisk',
      '10.0.0.9',
    ]);
  });

  it('the CRM settings, with their defaults', () => {
    const sut = loadFastAgiConfig({ ELMA365_API_URL: 'https://company.elma365.ru/', ELMA365_API_TOKEN: token });

    expect(sut.crm).toEqual({
      apiUrl: 'https://company.elma365.ru',
      apiToken: token,
      contactsApp: { namespace: '_clients', code: '_contacts' },
      contactPhoneField: '_phone',
      contactResponsibleField: '_responsible',
      contactRoutingField: null,
      telephonyModuleCode: null,
      userExtensionField: null,
      requestTimeoutMs: 5000,
      cacheSeconds: 300,
      directoryCacheSeconds: 900,
      maxLookupsInFlight: 20,
      apiRateLimitPerMinute: 90,
    });
  });

  it('names every bad variable and never echoes the token', () => {
    const bad = () =>
      loadFastAgiConfig({
        FASTAGI_ENABLED: 'maybe',
        FASTAGI_PORT: '70000',
        ELMA365_API_URL: 'ftp://x',
        ELMA365_API_TOKEN: 'short',
        ELMA365_CONTACTS_APP: 'contacts',
      });

    // The FastAGI section's variables, then the elma365Api section's (ELMA365_API_URL and its token).
    expect(bad).toThrow(
      /FASTAGI_ENABLED[\s\S]*FASTAGI_PORT[\s\S]*ELMA365_CONTACTS_APP[\s\S]*ELMA365_API_URL[\s\S]*ELMA365_API_TOKEN/,
    );
    expect(bad).not.toThrow(/short/);
  });
});
