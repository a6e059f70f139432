import 'reflect-metadata';
import { ConfigErrorCode, ConfigException } from './config.exception';
import type { Environment } from './config-section';
import { loadConfig } from './load-config';

/** The API-side settings when none of their variables is set. */
const DEFAULT_API_SECTIONS = {
  api: { keys: [], admin: null, publicBaseUrl: 'http://127.0.0.1:3000', extensionsCacheSeconds: 30 },
  clickToCall: {
    allowedPatterns: [/^\+7[349]\d{9}$/, /^\+78[1-9]\d{8}$/, /^\+780[0124-8]\d{7}$/, /^\d{2,6}$/],
    context: 'from-internal',
    ringTimeoutSeconds: 30,
    ratePerMinute: 30,
    autoAnswerHeader: null,
  },
  recordings: { dir: '/var/spool/asterisk/monitor', linkSecret: null, linkTtlSeconds: 3600 },
  fastAgi: {
    enabled: false,
    host: '127.0.0.1',
    port: 4573,
    deadlineMs: 300,
    maxSessions: 200,
    allowedPeers: ['127.0.0.1', '::1'],
    crm: null,
  },
  elma365Generic: null,
  gapFill: null,
  delivery: {
    rateLimitPerMinute: 60,
    recordRetryScheduleMs: [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000],
    liveTimeoutMs: 3000,
    recordTimeoutMs: 10_000,
  },
};

describe(loadConfig.name, () => {
  const sut = loadConfig;

  const failureOf = (env: Environment): ConfigException => {
    try {
      sut(env);
    } catch (error: unknown) {
      if (error instanceof ConfigException) return error;
      throw error;
    }
    throw new Error('expected a ConfigException');
  };

  it('applies the defaults to an empty environment', () => {
    expect(sut({})).toEqual({
      ami: { pbxs: [] },
      endpoints: { internalExtensionPattern: /^\d{2,6}$/, trunkEndpointPattern: null },
      phone: { defaultRegion: 'RU' },
      log: { level: 'log', format: 'auto' },
      http: { host: '0.0.0.0', port: 3000 },
      opsHttp: null,
      redis: { url: 'redis://127.0.0.1:6379' },
      database: { url: 'postgres://connector:connector@127.0.0.1:5432/connector' },
      elma365: null,
      elma365Api: null,
      ...DEFAULT_API_SECTIONS,
    });
  });

  it('treats empty and blank values as unset', () => {
    expect(sut({ AMI_URL: '', HTTP_PORT: '  ', LOG_LEVEL: '', TRUNK_ENDPOINT_PATTERN: '' })).toEqual(sut({}));
  });

  it('reads every variable', () => {
    const config = sut({
      AMI_URL: 'ami://admin:s%40cret@pbx.office.local:5039/main?auth=md5,ami://crm:x@10.1.2.3/branch',
      INTERNAL_EXTENSION_PATTERN: '^[1-4]\\d{2}$',
      TRUNK_ENDPOINT_PATTERN: '^(mts|beeline)-',
      PHONE_DEFAULT_REGION: 'kz',
      AMI_ORIGINATE_URL: 'ami://c2c:or1g@pbx.office.local:5039/main',
      LOG_LEVEL: 'DEBUG',
      LOG_FORMAT: 'json',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '8080',
      OPS_HTTP_HOST: '0.0.0.0',
      OPS_HTTP_PORT: '9464',
      REDIS_URL: 'redis://:p%40ss@redis:6379/1',
      DATABASE_URL: 'postgresql://app:pw@db.internal/connector?sslmode=require',
    });

    expect(config).toEqual({
      ami: {
        pbxs: [
          {
            pbxId: 'main',
            host: 'pbx.office.local',
            port: 5039,
            username: 'admin',
            secret: 's@cret',
            auth: 'md5',
            originator: {
              pbxId: 'main',
              host: 'pbx.office.local',
              port: 5039,
              username: 'c2c',
              secret: 'or1g',
              auth: 'plain',
            },
          },
          { pbxId: 'branch', host: '10.1.2.3', port: 5038, username: 'crm', secret: 'x', auth: 'plain' },
        ],
      },
      endpoints: { internalExtensionPattern: /^[1-4]\d{2}$/, trunkEndpointPattern: /^(mts|beeline)-/ },
      phone: { defaultRegion: 'KZ' },
      log: { level: 'debug', format: 'json' },
      http: { host: '127.0.0.1', port: 8080 },
      opsHttp: { host: '0.0.0.0', port: 9464 },
      redis: { url: 'redis://:p%40ss@redis:6379/1' },
      database: { url: 'postgresql://app:pw@db.internal/connector?sslmode=require' },
      elma365: null,
      elma365Api: null,
      ...DEFAULT_API_SECTIONS,
      // FastAGI answers the PBXs of AMI_URL (and loopback) only.
      fastAgi: { ...DEFAULT_API_SECTIONS.fastAgi, allowedPeers: ['127.0.0.1', '::1', 'pbx.office.local', '10.1.2.3'] },
    });
  });

  it('reads the ELMA365 API once, as its own section, for routing and generic mode alike', () => {
    const config = sut({
      ELMA365_API_URL: 'https://company.elma365.ru/',
      ELMA365_API_TOKEN: 'api-token-123',
      ELMA365_API_RATE_LIMIT_PER_MINUTE: '120',
      ELMA365_GENERIC_ENABLED: 'true',
      ELMA365_GENERIC_CALLS_APP: 'crm/calls',
    });

    const api = {
      apiUrl: 'https://company.elma365.ru',
      apiToken: 'api-token-123',
      requestTimeoutMs: 5000,
      apiRateLimitPerMinute: 120,
    };
    expect(config.elma365Api).toEqual(api);
    expect(config.fastAgi.crm).toMatchObject(api);
    expect(config.elma365Generic).toMatchObject({ ...api, callsApp: 'crm/calls' });
  });

  it('refuses generic mode without the API section', () => {
    expect(() => sut({ ELMA365_GENERIC_ENABLED: 'true', ELMA365_GENERIC_CALLS_APP: 'crm/calls' })).toThrow(
      /ELMA365_GENERIC_ENABLED: generic mode needs ELMA365_API_URL and ELMA365_API_TOKEN/,
    );
  });

  it('trims values, including the \\r of an env file saved on Windows', () => {
    const config = sut({ HTTP_PORT: '8080\r', AMI_URL: ' ami://a:s@pbx/main\r\n' });

    expect(config.http.port).toBe(8080);
    expect(config.ami.pbxs[0].pbxId).toBe('main');
  });

  it('ignores variables it does not declare', () => {
    expect(sut({ PATH: '/usr/bin', HOME: '/root', NODE_ENV: 'production' })).toEqual(sut({}));
  });

  it('returns a deeply frozen object', () => {
    const config = sut({ AMI_URL: 'ami://a:s@pbx/main' });

    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
    expect(Object.isFrozen(config.ami.pbxs)).toBe(true);
    expect(Object.isFrozen(config.ami.pbxs[0])).toBe(true);
    expect(config.endpoints.internalExtensionPattern.test('1001')).toBe(true);
  });

  it('turns gap-fill on with a CDR file path, with a lookback of 24h unless told', () => {
    expect(sut({ GAPFILL_CDR_CSV_PATH: '/var/log/asterisk/cdr-csv/Master.csv' }).gapFill).toEqual({
      cdrCsvPath: '/var/log/asterisk/cdr-csv/Master.csv',
      lookbackMs: 86_400_000,
    });
    expect(sut({ GAPFILL_CDR_CSV_PATH: '/cdr/{pbxId}/Master.csv', GAPFILL_LOOKBACK: '90m' }).gapFill).toEqual({
      cdrCsvPath: '/cdr/{pbxId}/Master.csv',
      lookbackMs: 5_400_000,
    });
  });

  it.each([
    [
      'GAPFILL_CDR_CSV_PATH',
      'cdr-csv/Master.csv',
      'must be an absolute path to the cdr_csv Master.csv (or empty: off)',
    ],
    ['GAPFILL_LOOKBACK', '24', 'must be a duration such as 24h, 90m or 7d'],
  ])('rejects %s=%p', (variable, value, problem) => {
    expect(failureOf({ [variable]: value }).issues).toEqual([{ variable, message: `${variable}: ${problem}` }]);
  });

  it('refuses an AMI_ORIGINATE_URL entry for a PBX AMI_URL does not have, naming the pbx id and never the secret', () => {
    const failure = failureOf({
      AMI_URL: 'ami://a:s3cret@pbx/main',
      AMI_ORIGINATE_URL: 'ami://c2c:0rig1nate@pbx/branch',
    });

    expect(failure.issues).toEqual([
      {
        variable: 'AMI_ORIGINATE_URL',
        message: "AMI_ORIGINATE_URL: pbx id 'branch' is not in AMI_URL (each entry names a PBX of AMI_URL)",
      },
    ]);
    expect(failure.message).not.toContain('0rig1nate');
  });

  it('accepts an IPv6 or hostname HTTP_HOST', () => {
    expect(sut({ HTTP_HOST: '::' }).http.host).toBe('::');
    expect(sut({ HTTP_HOST: 'localhost' }).http.host).toBe('localhost');
  });

  it.each([
    ['LOG_LEVEL', 'info', 'LOG_LEVEL: must be one of fatal, error, warn, log, debug, verbose'],
    ['LOG_FORMAT', 'color', 'LOG_FORMAT: must be one of auto, json, pretty'],
    ['HTTP_PORT', '0', 'HTTP_PORT: must be a port number 1-65535'],
    ['HTTP_PORT', '65536', 'HTTP_PORT: must be a port number 1-65535'],
    ['HTTP_PORT', '0x50', 'HTTP_PORT: must be a port number 1-65535'],
    ['HTTP_PORT', '80.0', 'HTTP_PORT: must be a port number 1-65535'],
    ['HTTP_HOST', 'not a host', 'HTTP_HOST: must be an IP address or a hostname (e.g. 0.0.0.0, 127.0.0.1, ::)'],
    [
      'PHONE_DEFAULT_REGION',
      'RUS',
      'PHONE_DEFAULT_REGION: must be an ISO 3166-1 alpha-2 region code with a known numbering plan (e.g. RU, KZ, BY)',
    ],
    [
      'INTERNAL_EXTENSION_PATTERN',
      '^(\\d+$',
      'INTERNAL_EXTENSION_PATTERN: is not a valid regular expression (Invalid regular expression: /^(\\d+$/: Unterminated group)',
    ],
    [
      'TRUNK_ENDPOINT_PATTERN',
      '[a-',
      'TRUNK_ENDPOINT_PATTERN: is not a valid regular expression (Invalid regular expression: /[a-/: Unterminated character class)',
    ],
    [
      'REDIS_URL',
      'http://127.0.0.1:6379',
      'REDIS_URL: must be a redis:// or rediss:// URL with a host (percent-encode special characters in the password)',
    ],
    [
      'DATABASE_URL',
      'connector@localhost/connector',
      'DATABASE_URL: must be a postgres:// or postgresql:// URL with a host (percent-encode special characters in the password)',
    ],
  ])('rejects %s=%p', (variable, value, message) => {
    const error = failureOf({ [variable]: value });

    expect(error.code).toBe(ConfigErrorCode.InvalidEnvironment);
    expect(error.issues).toEqual([{ variable, message }]);
    expect(error.message).toBe(`Invalid configuration (1 problem):\n  - ${message}`);
  });

  it('reports every bad variable at once', () => {
    const error = failureOf({
      LOG_LEVEL: 'info',
      HTTP_PORT: 'http',
      AMI_URL: 'ami://a:s@pbx:70000/main,ami://a:s@pbx/main,ami://a:s@pbx2/main',
    });

    expect(error.message).toBe(
      [
        'Invalid configuration (4 problems):',
        '  - LOG_LEVEL: must be one of fatal, error, warn, log, debug, verbose',
        '  - HTTP_PORT: must be a port number 1-65535',
        '  - AMI_URL entry 1: port must be 1-65535',
        "  - AMI_URL: duplicate pbx id 'main' (entries 2 and 3)",
      ].join('\n'),
    );
  });

  it('never repeats a secret in its message', () => {
    const error = failureOf({
      AMI_URL: 'ami://admin:AmiS3cret@pbx:0/main,ami://admin:AmiS3cret%@pbx/x,ami://admin:AmiS3cret',
      REDIS_URL: 'redis//:RedisS3cret@redis',
      DATABASE_URL: 'mysql://connector:DbS3cret@db/connector',
    });

    expect(error.issues).toHaveLength(5);
    expect(error.message).not.toMatch(/S3cret/);
    expect(JSON.stringify(error.issues)).not.toMatch(/S3cret/);
  });

  describe('ELMA365 delivery', () => {
    it('is off without a webhook URL', () => {
      expect(sut({}).elma365).toBeNull();
    });

    it('reads the webhook, its token, the rate limit, the retry schedule and the timeouts', () => {
      expect(
        sut({
          ELMA365_WEBHOOK_URL: 'https://company.elma365.ru/api/extensions/abc/script/webhook',
          ELMA365_WEBHOOK_TOKEN: 'module-token-123',
          ELMA365_RATE_LIMIT_PER_MINUTE: '140',
          ELMA365_RETRY_SCHEDULE: '500ms, 2s,1m,1.5h,1d',
          ELMA365_LIVE_TIMEOUT_MS: '1500',
        }),
      ).toMatchObject({
        elma365: {
          webhookUrl: 'https://company.elma365.ru/api/extensions/abc/script/webhook',
          webhookToken: 'module-token-123',
        },
        delivery: {
          rateLimitPerMinute: 140,
          recordRetryScheduleMs: [500, 2000, 60_000, 5_400_000, 86_400_000],
          liveTimeoutMs: 1500,
          recordTimeoutMs: 10_000,
        },
      });
    });

    it('defaults to the SaaS Standard rate and a day of retries', () => {
      const { delivery } = sut({
        ELMA365_WEBHOOK_URL: 'http://127.0.0.1:8080/hook',
        ELMA365_WEBHOOK_TOKEN: 'token-token',
      });
      expect(delivery.rateLimitPerMinute).toBe(60);
      expect(delivery.recordRetryScheduleMs.reduce((a, b) => a + b, 0)).toBeGreaterThan(20 * 3600_000);
    });

    it('needs the token with the URL, and says what is wrong without echoing it', () => {
      const error = failureOf({
        ELMA365_WEBHOOK_URL: 'ftp://elma/hook',
        ELMA365_RETRY_SCHEDULE: '5 minutes',
        ELMA365_RATE_LIMIT_PER_MINUTE: '-1',
      });
      expect(error.issues.map((i) => i.variable).sort()).toEqual([
        'ELMA365_RATE_LIMIT_PER_MINUTE',
        'ELMA365_RETRY_SCHEDULE',
        'ELMA365_WEBHOOK_TOKEN',
        'ELMA365_WEBHOOK_URL',
      ]);
      const short = failureOf({ ELMA365_WEBHOOK_URL: 'https://e/h', ELMA365_WEBHOOK_TOKEN: 'Sh0rt' });
      expect(short.message).toContain('ELMA365_WEBHOOK_TOKEN: must be at least 8 characters');
      expect(short.message).not.toContain('Sh0rt');
    });

    it('lets a pushed webhook link point at the host of ELMA365_WEBHOOK_URL only, unless told otherwise', () => {
      const webhook = { ELMA365_WEBHOOK_URL: 'https://Company.elma365.ru/hook', ELMA365_WEBHOOK_TOKEN: 'token-token' };

      expect(sut(webhook).elma365?.allowedHosts).toEqual(['company.elma365.ru']);
      expect(
        sut({ ...webhook, ELMA365_WEBHOOK_ALLOWED_HOSTS: 'company.elma365.ru, *.Elma365.ru  elma.local' }).elma365
          ?.allowedHosts,
      ).toEqual(['company.elma365.ru', '*.elma365.ru', 'elma.local']);
      const bad = failureOf({ ...webhook, ELMA365_WEBHOOK_ALLOWED_HOSTS: 'https://evil.example/hook' });
      expect(bad.issues.map((i) => i.variable)).toEqual(['ELMA365_WEBHOOK_ALLOWED_HOSTS']);
      expect(bad.message).toContain('must be host names separated by spaces or commas');
    });
  });

  describe('API, click-to-call and recordings', () => {
    it('reads keys, admin credentials and the toll-fraud patterns', () => {
      const config = sut({
        API_KEYS: 'key-aaaaaaaaaaaaaaaa,key-bbbbbbbbbbbbbbbb',
        ADMIN_USER: 'ops',
        ADMIN_PASSWORD: 'correct-horse-battery',
        RECORDING_LINK_SECRET: 'sign-me-please-1234',
        CLICK_TO_CALL_ALLOWED_PATTERNS: '^\\+7(495|499)\\d{7}$  ^1\\d{3}$',
        CLICK_TO_CALL_AUTO_ANSWER_HEADER: 'Call-Info: <sip:127.0.0.1>;answer-after=0',
        PUBLIC_BASE_URL: 'https://connector.example.ru/',
      });
      expect(config.api.keys).toEqual(['key-aaaaaaaaaaaaaaaa', 'key-bbbbbbbbbbbbbbbb']);
      expect(config.api.admin).toEqual({ user: 'ops', password: 'correct-horse-battery' });
      expect(config.api.publicBaseUrl).toBe('https://connector.example.ru');
      expect(config.clickToCall.allowedPatterns.map((p) => p.source)).toEqual(['^\\+7(495|499)\\d{7}$', '^1\\d{3}$']);
      expect(config.clickToCall.autoAnswerHeader).toBe('Call-Info: <sip:127.0.0.1>;answer-after=0');
      expect(config.recordings.linkSecret).toBe('sign-me-please-1234');
    });

    it.each([
      ['+74951234567', true],
      ['+73432123456', true],
      ['+78121234567', true],
      ['+78001234567', true],
      ['+79161234567', true],
      ['1001', true],
      ['+78091234567', false],
      ['+78031234567', false],
      ['+77012345678', false],
      ['+76123456789', false],
      ['+7495123456', false],
      ['+442079460958', false],
    ])('lets click-to-call dial %s by default: %s (Russian numbers only, no premium rate)', (number, allowed) => {
      const patterns = loadConfig({}).clickToCall.allowedPatterns;
      expect(patterns.some((p) => p.test(number))).toBe(allowed);
    });

    it('refuses weak secrets and a link secret missing next to API keys, without echoing them', () => {
      const error = failureOf({ API_KEYS: 'short', ADMIN_USER: 'ops', ADMIN_PASSWORD: 'pw123' });
      expect(error.issues.map((i) => i.variable).sort()).toEqual([
        'ADMIN_PASSWORD',
        'API_KEYS',
        'RECORDING_LINK_SECRET',
      ]);
      expect(error.message).not.toMatch(/short|pw123/);
    });
  });

  it('validates the FastAGI section with the rest, in one message', () => {
    const error = failureOf({ HTTP_PORT: 'x', FASTAGI_PORT: '70000', ELMA365_API_URL: 'https://e.example' });
    expect(error.issues.map((i) => i.variable).sort()).toEqual(['ELMA365_API_TOKEN', 'FASTAGI_PORT', 'HTTP_PORT']);
  });

  describe('generic mode', () => {
    const api = { ELMA365_API_URL: 'https://company.elma365.ru', ELMA365_API_TOKEN: 'pub-api-token' };

    it('is off by default, and reads its settings when on', () => {
      expect(sut(api).elma365Generic).toBeNull();
      expect(
        sut({
          ...api,
          ELMA365_GENERIC_ENABLED: 'true',
          ELMA365_GENERIC_CALLS_APP: 'crm/calls',
          ELMA365_GENERIC_FIELD_MAP: '{"__name":"Звонок {phone}","talk":"{talkSeconds}"}',
          ELMA365_GENERIC_PROCESS: 'crm/incoming_call',
          ELMA365_GENERIC_EVENTS: 'ringing,finished',
        }).elma365Generic,
      ).toMatchObject({
        apiUrl: 'https://company.elma365.ru',
        callsApp: 'crm/calls',
        fieldMap: { __name: 'Звонок {phone}', talk: '{talkSeconds}' },
        process: 'crm/incoming_call',
        processOn: 'ringing',
        events: ['ringing', 'finished'],
        createContacts: false,
      });
    });

    it('takes a workspace process or an app-level one (dotted namespace), nothing else', () => {
      const generic = { ...api, ELMA365_GENERIC_ENABLED: 'true', ELMA365_GENERIC_CALLS_APP: 'crm/calls' };
      expect(sut({ ...generic, ELMA365_GENERIC_PROCESS: 'crm.calls/on_missed' }).elma365Generic).toMatchObject({
        process: 'crm.calls/on_missed',
      });
      for (const bad of ['crm..calls/x', 'crm.calls.more/x', '.calls/x', 'crm/calls/x']) {
        const error = failureOf({ ...generic, ELMA365_GENERIC_PROCESS: bad });
        expect(error.issues.map((i) => i.variable)).toEqual(['ELMA365_GENERIC_PROCESS']);
      }
    });

    it('needs the API, the calls app and a JSON map of strings', () => {
      const error = failureOf({ ELMA365_GENERIC_ENABLED: 'yes', ELMA365_GENERIC_FIELD_MAP: '{"a":1}' });
      expect(error.issues.map((i) => i.variable).sort()).toEqual([
        'ELMA365_GENERIC_CALLS_APP',
        'ELMA365_GENERIC_ENABLED',
        'ELMA365_GENERIC_FIELD_MAP',
      ]);
    });
  });
});
