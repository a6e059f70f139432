import * as sut from '../src/module';
import { API_KEY, CONNECTOR_URL, type FetchMock, installElma365Globals, jsonResponse } from './elma365-globals';

const notReady = {
  statusCode: 503,
  code: 'HEALTH_NOT_READY',
  message: 'Not ready: redis, ami is down',
  details: [
    { field: 'redis', reason: 'down (message: connect ECONNREFUSED)' },
    { field: 'ami', reason: 'down (office: disconnected)' },
  ],
};

let fetchMock: FetchMock;

beforeEach(() => {
  fetchMock = installElma365Globals();
});

afterEach(() => jest.useRealTimers());

function requestAt(index: number): { url: string; init: RequestInit } {
  const [url, init] = fetchMock.mock.calls[index];
  return { url, init: init ?? {} };
}

const NOT_FOUND = { statusCode: 404, code: 'NOT_FOUND', message: 'Cannot GET /api/v1/diagnostics' };

function check(id: string, ok: boolean, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, scope: null, ok, title: id, detail: ok ? 'ok' : 'failed', fix: ok ? null : 'fix it', ...extra };
}

describe('VoipTestConnection over the connector self-check (GET /api/v1/diagnostics)', () => {
  it('succeeds when every check passed, asking with the API key', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(200, { ok: true, checkedAt: '2026-05-14T10:00:00.000Z', checks: [check('redis', true)] }),
    );

    await expect(sut.VoipTestConnection()).resolves.toEqual({ success: true });

    expect(requestAt(0).url).toBe(`${CONNECTOR_URL}/api/v1/diagnostics`);
    expect(requestAt(0).init).toMatchObject({ method: 'GET', headers: { Authorization: `Bearer ${API_KEY}` } });
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('names each failed check with its detail and fix, in Russian', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(200, {
        ok: false,
        checkedAt: '2026-05-14T10:00:00.000Z',
        checks: [
          check('redis', true),
          check('ami-login', false, {
            scope: 'office',
            title: 'Вход в AMI',
            detail: 'Authentication failed',
            fix: 'сверьте секрет в AMI_URL с manager.conf',
          }),
          check('elma365-ping', false, { title: 'Пинг модуля ELMA365', detail: 'ответ 401', fix: null }),
        ],
      }),
    );

    const result = await sut.VoipTestConnection();

    expect(result).toEqual({
      success: false,
      failReason:
        'Самопроверка коннектора: 2 из 3 проверок не пройдены: Вход в AMI [office]: Authentication failed — сверьте секрет в AMI_URL с manager.conf; Пинг модуля ELMA365: ответ 401',
    });
  });

  it('keeps a long failReason readable: cut to 1500 characters', async () => {
    const checks = Array.from({ length: 60 }, (_, i) => check(`check-${i}`, false, { detail: 'x'.repeat(60) }));
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { ok: false, checkedAt: '', checks }));

    const result = await sut.VoipTestConnection();

    expect(result.failReason).toHaveLength(1500);
    expect(result.failReason?.endsWith('…')).toBe(true);
    expect(result.failReason).toContain('60 из 60 проверок не пройдены');
  });

  it('reads the report from a non-200 answer too', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(503, { ok: false, checkedAt: '', checks: [check('postgres', false)] }),
    );

    const result = await sut.VoipTestConnection();

    expect(result.failReason).toBe('Самопроверка коннектора: 1 из 1 проверок не пройдены: postgres: failed — fix it');
  });

  it('reports a wrong API key', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(401, { statusCode: 401, code: 'AUTH_API_KEY_INVALID', message: 'Invalid API key' }),
    );

    const result = await sut.VoipTestConnection();

    expect(result.success).toBe(false);
    expect(result.failReason).toContain('коннектор не принял API-ключ');
    expect(result.failReason).toContain('AUTH_API_KEY_INVALID: Invalid API key');
  });

  it('says so when a 200 is not a self-check report (connectorUrl points elsewhere)', async () => {
    fetchMock.mockResolvedValueOnce(new Response('<html>hello</html>', { status: 200 }));

    const result = await sut.VoipTestConnection();

    expect(result.failReason).toContain('непонятным ответом');
  });

  it('adds the module’s own inconsistent settings to a passing self-check', async () => {
    fetchMock = installElma365Globals({ webhookToken: '' });
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { ok: true, checkedAt: '', checks: [] }));

    const result = await sut.VoipTestConnection();

    expect(result.success).toBe(false);
    expect(result.failReason).toContain('Настройки модуля: не задан webhookToken');
    expect(result.failReason).toContain('в режиме signature');
  });

  it('reports an unknown verificationMode together with the connector’s failures', async () => {
    fetchMock = installElma365Globals({ verificationMode: 'both' });
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { ok: false, checkedAt: '', checks: [check('redis', false)] }));

    const result = await sut.VoipTestConnection();

    expect(result.failReason).toMatch(
      /^Настройки модуля: неизвестный режим проверки verificationMode "both".*Самопроверка коннектора: 1 из 1/,
    );
  });

  it('needs no webhookToken in url mode', async () => {
    fetchMock = installElma365Globals({ webhookToken: '', verificationMode: 'url' });
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { ok: true, checkedAt: '', checks: [] }));

    await expect(sut.VoipTestConnection()).resolves.toEqual({ success: true });
  });

  it('explains a network error', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('fetch failed'));

    const result = await sut.VoipTestConnection();

    expect(result).toEqual({
      success: false,
      failReason: `Нет связи с коннектором ${CONNECTOR_URL}: fetch failed`,
    });
  });

  it('gives up after 30 s when the self-check does not answer', async () => {
    jest.useFakeTimers();
    fetchMock.mockImplementationOnce(() => new Promise<Response>(() => undefined));

    const pending = sut.VoipTestConnection();
    await jest.advanceTimersByTimeAsync(30_000);

    await expect(pending).resolves.toEqual({
      success: false,
      failReason: `Коннектор ${CONNECTOR_URL} не ответил за 30 с`,
    });
    expect(requestAt(0).init.signal?.aborted).toBe(true);
  });

  it('asks for the settings when connectorUrl is empty, without calling anything', async () => {
    fetchMock = installElma365Globals({ connectorUrl: '' });

    const result = await sut.VoipTestConnection();

    expect(result.success).toBe(false);
    expect(result.failReason).toContain('connectorUrl');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('VoipTestConnection against an older connector (no /api/v1/diagnostics: 404)', () => {
  it('succeeds when the connector is ready and takes the API key', async () => {
    fetchMock
      .mockResolvedValueOnce(jsonResponse(404, NOT_FOUND))
      .mockResolvedValueOnce(jsonResponse(200, { status: 'ok' }))
      .mockResolvedValueOnce(jsonResponse(200, []));

    await expect(sut.VoipTestConnection()).resolves.toEqual({ success: true });

    expect(requestAt(1).url).toBe(`${CONNECTOR_URL}/health/ready`);
    expect(requestAt(2).url).toBe(`${CONNECTOR_URL}/api/v1/extensions`);
    expect(requestAt(2).init.headers).toMatchObject({ Authorization: `Bearer ${API_KEY}` });
  });

  it('names what is down when the connector answers 503', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(404, NOT_FOUND)).mockResolvedValueOnce(jsonResponse(503, notReady));

    const result = await sut.VoipTestConnection();

    expect(result.success).toBe(false);
    expect(result.failReason).toContain('Коннектор не готов');
    expect(result.failReason).toContain('Redis (down (message: connect ECONNREFUSED))');
    expect(result.failReason).toContain('связь с АТС (AMI) (down (office: disconnected))');
  });

  it('reports a wrong API key', async () => {
    fetchMock
      .mockResolvedValueOnce(jsonResponse(404, NOT_FOUND))
      .mockResolvedValueOnce(jsonResponse(200, { status: 'ok' }))
      .mockResolvedValueOnce(
        jsonResponse(401, { statusCode: 401, code: 'AUTH_API_KEY_INVALID', message: 'Invalid API key' }),
      );

    const result = await sut.VoipTestConnection();

    expect(result.failReason).toContain('коннектор не принял API-ключ');
  });
});

describe('VoipGetMembers', () => {
  it('lists the extensions as members, the extension as id and the name as label', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(200, [
        { extension: '101', name: 'Анна Смирнова', pbxId: 'office', technology: 'PJSIP', state: 'idle' },
        { extension: 'boris', name: '', pbxId: 'office', technology: 'SIP', state: 'unavailable' },
        { name: 'no extension' },
      ]),
    );

    await expect(sut.VoipGetMembers()).resolves.toEqual([
      { id: '101', label: 'Анна Смирнова' },
      { id: 'boris', label: 'boris' },
    ]);
    expect(requestAt(0).url).toBe(`${CONNECTOR_URL}/api/v1/extensions`);
  });

  it('throws in Russian when the PBX is down', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(503, { statusCode: 503, code: 'EXTENSIONS_PBX_UNAVAILABLE', message: 'AMI is not connected' }),
    );

    await expect(sut.VoipGetMembers()).rejects.toThrow(
      'Не удалось получить внутренние номера. Коннектор ответил 503: нет связи коннектора с АТС (AMI) [EXTENSIONS_PBX_UNAVAILABLE: AMI is not connected]',
    );
  });

  it('throws when the connector is unreachable', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('fetch failed'));

    await expect(sut.VoipGetMembers()).rejects.toThrow('Нет связи с коннектором');
  });
});

describe('VoipGenerateCall', () => {
  it('asks the connector to ring the extension, then dial the number', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(202, { callId: 'office:c2c-1' }));

    await expect(sut.VoipGenerateCall('101', '+79161234567')).resolves.toBeUndefined();

    expect(requestAt(0).url).toBe(`${CONNECTOR_URL}/api/v1/calls`);
    expect(requestAt(0).init).toMatchObject({
      method: 'POST',
      headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' },
    });
    expect(JSON.parse(String(requestAt(0).init.body))).toEqual({ extension: '101', phone: '+79161234567' });
  });

  it.each([
    [403, 'CLICK_TO_CALL_NUMBER_NOT_ALLOWED', 'этот номер запрещено набирать'],
    [404, 'CLICK_TO_CALL_EXTENSION_NOT_FOUND', 'на АТС нет такого внутреннего номера'],
    [429, 'CLICK_TO_CALL_RATE_LIMITED', 'слишком много звонков подряд'],
    [502, 'CLICK_TO_CALL_ORIGINATE_REJECTED', 'Asterisk отклонил вызов'],
  ])('throws the connector message in Russian on %i %s', async (status, code, russian) => {
    fetchMock.mockResolvedValueOnce(jsonResponse(status, { statusCode: status, code, message: 'connector says no' }));

    const call = sut.VoipGenerateCall('101', '+79161234567');

    await expect(call).rejects.toThrow(`Не удалось позвонить с 101 на +79161234567. Коннектор ответил ${status}`);
    await expect(call).rejects.toThrow(russian);
    await expect(call).rejects.toThrow(`${code}: connector says no`);
  });

  it('throws on a 500 with no JSON body', async () => {
    fetchMock.mockResolvedValueOnce(new Response('Internal Server Error', { status: 500 }));

    await expect(sut.VoipGenerateCall('101', '+79161234567')).rejects.toThrow('Коннектор ответил 500');
  });
});

describe('VoipGetCallLink', () => {
  const call = { callId: 'office:1714546800.42', recording: '/var/spool/asterisk/monitor/1714546800.42.wav' };

  it('asks for a signed link by the URL-encoded call id', async () => {
    const url = `${CONNECTOR_URL}/recordings/office%3A1714546800.42?exp=1&sig=x`;
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { url, expiresAt: '2026-05-14T10:31:00.000Z' }));

    await expect(sut.VoipGetCallLink(call)).resolves.toBe(url);
    expect(requestAt(0).url).toBe(`${CONNECTOR_URL}/api/v1/calls/office%3A1714546800.42/recording-link`);
    expect(requestAt(0).init.method).toBe('POST');
  });

  it('returns an empty link when the connector has no recording (404)', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(404, { statusCode: 404, code: 'RECORDING_NOT_FOUND' }));

    await expect(sut.VoipGetCallLink(call)).resolves.toBe('');
  });

  it.each([
    ['a call without recording', { ...call, recording: null }],
    ['no call data', undefined],
    ['call data without callId', { recording: 'x.wav' }],
  ])('returns an empty link without asking for %s', async (_case, callData) => {
    await expect(sut.VoipGetCallLink(callData)).resolves.toBe('');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('throws when links are disabled in the connector', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(503, { statusCode: 503, code: 'RECORDING_LINKS_DISABLED', message: 'disabled' }),
    );

    await expect(sut.VoipGetCallLink(call)).rejects.toThrow('ссылки на записи в коннекторе выключены');
  });
});

describe('VoipOnWebhookUpdated', () => {
  const webhookUrl = 'https://company.elma365.ru/api/extensions/uuid/script/webhook';

  it('pushes the new URL to the connector', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(204, undefined));

    await expect(sut.VoipOnWebhookUpdated(webhookUrl)).resolves.toBeUndefined();

    expect(requestAt(0).url).toBe(`${CONNECTOR_URL}/api/v1/settings/elma365-webhook`);
    expect(requestAt(0).init.method).toBe('PUT');
    expect(JSON.parse(String(requestAt(0).init.body))).toEqual({ url: webhookUrl });
  });

  it('logs and does not fail when this connector version has no such endpoint (404)', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    fetchMock.mockResolvedValueOnce(jsonResponse(404, { statusCode: 404, code: 'NOT_FOUND' }));

    await expect(sut.VoipOnWebhookUpdated(webhookUrl)).resolves.toBeUndefined();

    expect(log).toHaveBeenCalledWith(expect.stringContaining(`ELMA365_WEBHOOK_URL=${webhookUrl}`));
    log.mockRestore();
  });

  it('fails on other errors so the admin sees them', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(401, { statusCode: 401, code: 'AUTH_API_KEY_INVALID' }));

    await expect(sut.VoipOnWebhookUpdated(webhookUrl)).rejects.toThrow('коннектор не принял API-ключ');
  });
});
