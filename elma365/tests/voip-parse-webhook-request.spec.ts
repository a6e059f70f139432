import { randomUUID } from 'node:crypto';
import { signWebhook } from '../../libs/elma365/src/webhook-signature';
import { VoipParseWebhookRequest as sut } from '../src/module';
import { fakeResponse, installElma365Globals, WEBHOOK_TOKEN } from './elma365-globals';

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function eventPayload(id: string): Record<string, unknown> {
  return {
    version: 1,
    id,
    kind: 'event',
    callId: 'office:1714546800.42',
    pbxId: 'office',
    event: {
      event: 'NotifyStart',
      direction: 'in',
      srcPhone: '+79161234567',
      dstPhone: '101',
      dstPhoneExt: '101',
      callId: 'office:1714546800.42',
      at: '2024-05-01T10:00:00.000+03:00',
    },
  };
}

function recordPayload(id: string): Record<string, unknown> {
  return {
    version: 1,
    id,
    kind: 'record',
    callId: 'office:1714546800.42',
    pbxId: 'office',
    record: {
      srcPhone: '+79161234567',
      dstPhone: '101',
      dstPhoneExt: '101',
      direction: 'in',
      disposition: 'Answered',
      duration: 60,
      callId: 'office:1714546800.42',
      call: { callId: 'office:1714546800.42', recording: '/var/spool/asterisk/monitor/1714546800.42.wav' },
    },
  };
}

/** A request as the connector sends it, signed by the connector's own signer. */
function signedRequest(
  body: string,
  id = `office:${randomUUID()}#1`,
  { token = WEBHOOK_TOKEN, timestampSeconds = nowSeconds() } = {},
): FetchRequest {
  const headers = signWebhook({ id, body, token, timestampSeconds });
  return { body, headers: { 'Content-Type': 'application/json', ...headers } };
}

function signedPayload(payload: Record<string, unknown>): FetchRequest {
  return signedRequest(JSON.stringify(payload), String(payload.id));
}

describe('VoipParseWebhookRequest', () => {
  beforeEach(() => installElma365Globals());

  it('turns a signed event into ELMA365 `event`, without the `at` field', async () => {
    const result = await sut(signedPayload(eventPayload(`office:${randomUUID()}#1`)));

    expect(result).toEqual({
      event: {
        event: 'NotifyStart',
        direction: 'in',
        srcPhone: '+79161234567',
        dstPhone: '101',
        dstPhoneExt: '101',
        callId: 'office:1714546800.42',
      },
    });
  });

  it('turns a signed record into ELMA365 `callRecord` whose `call` is the connector record', async () => {
    const payload = recordPayload(`office:${randomUUID()}#record`);

    const result = await sut(signedPayload(payload));

    expect(result).toEqual({ callRecord: (payload as { record: unknown }).record });
  });

  it('accepts a Cyrillic body and header names in any case', async () => {
    const payload = eventPayload(`office:${randomUUID()}#1`);
    (payload.event as Record<string, unknown>).srcPhone = 'Аноним';
    const request = signedPayload(payload);
    const upper = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toUpperCase(), v]));

    const result = await sut({ body: request.body, headers: upper });

    expect(result.event?.srcPhone).toBe('Аноним');
  });

  it('answers 200 and nothing else to a resent id', async () => {
    const payload = eventPayload(`office:${randomUUID()}#2`);
    await sut(signedPayload(payload));

    const again = await sut(signedPayload(payload));

    expect(again.event).toBeUndefined();
    expect(again.callRecord).toBeUndefined();
    expect(fakeResponse(again.response).statusCode).toBe(200);
  });

  it.each([
    ['a wrong token', { token: 'another-token' }],
    ['a timestamp 6 minutes old', { timestampSeconds: nowSeconds() - 360 }],
    ['a timestamp 6 minutes ahead', { timestampSeconds: nowSeconds() + 360 }],
  ])('answers 401 to %s', async (_case, options) => {
    const payload = eventPayload(`office:${randomUUID()}#1`);

    const result = await sut(signedRequest(JSON.stringify(payload), String(payload.id), options));

    expect(fakeResponse(result.response).statusCode).toBe(401);
    expect(result.event).toBeUndefined();
  });

  it('answers 401 to a tampered body', async () => {
    const payload = eventPayload(`office:${randomUUID()}#1`);
    const request = signedPayload(payload);

    const result = await sut({ ...request, body: request.body?.replace('+79161234567', '+79990000000') });

    expect(fakeResponse(result.response)).toMatchObject({ statusCode: 401, body: { error: 'bad_signature' } });
  });

  it('answers 401 when the Bearer token is right but the signature was made with another key', async () => {
    const payload = eventPayload(`office:${randomUUID()}#1`);
    const request = signedRequest(JSON.stringify(payload), String(payload.id), { token: 'another-token' });

    const result = await sut({ ...request, headers: { ...request.headers, authorization: `Bearer ${WEBHOOK_TOKEN}` } });

    expect(fakeResponse(result.response)).toMatchObject({ statusCode: 401, body: { error: 'bad_signature' } });
  });

  it('answers 401 to a request without the signature headers', async () => {
    const result = await sut({ body: '{}', headers: { authorization: `Bearer ${WEBHOOK_TOKEN}` } });

    expect(fakeResponse(result.response)).toMatchObject({ statusCode: 401, body: { error: 'missing_headers' } });
  });

  it('answers 401 to everything while the module setting webhookToken is empty', async () => {
    installElma365Globals({ webhookToken: '' });
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);

    const result = await sut(signedPayload(eventPayload(`office:${randomUUID()}#1`)));

    expect(fakeResponse(result.response).statusCode).toBe(401);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('webhookToken'));
    log.mockRestore();
  });

  it.each([
    ['bad JSON', '{"version":1,', 'body is not valid JSON'],
    ['an unknown version', JSON.stringify({ ...eventPayload('x'), version: 2 }), 'unsupported payload version: 2'],
    ['an unknown kind', JSON.stringify({ ...eventPayload('x'), kind: 'other' }), 'unknown kind: other'],
    ['a missing event', JSON.stringify({ ...eventPayload('x'), event: undefined }), 'event must be an object'],
    [
      'an unknown event name',
      JSON.stringify({ ...eventPayload('x'), event: { ...(eventPayload('x').event as object), event: 'Ring' } }),
      'event.event must be one of NotifyStart, NotifyAnswer, NotifyEnd',
    ],
    [
      'a negative duration',
      JSON.stringify({ ...recordPayload('x'), record: { ...(recordPayload('x').record as object), duration: -1 } }),
      'record.duration must be a number >= 0',
    ],
  ])('answers 400 with the reason to %s', async (_case, body, error) => {
    const result = await sut(signedRequest(body, 'x'));

    expect(fakeResponse(result.response)).toMatchObject({ statusCode: 400, body: { error } });
  });

  it('answers 400 when webhook-id differs from the payload id', async () => {
    const payload = eventPayload(`office:${randomUUID()}#1`);

    const result = await sut(signedRequest(JSON.stringify(payload), 'another-id'));

    expect(fakeResponse(result.response)).toMatchObject({ statusCode: 400 });
  });
});
