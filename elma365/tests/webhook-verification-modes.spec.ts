import { VoipParseWebhookRequest as sut } from '../src/module';
import { EVENT, installElma365Globals, sentAnswer, sentJson, WEBHOOK_TOKEN } from './elma365-globals';
import {
  bearerOnly,
  eventPayload,
  freshId,
  headerless,
  nowSeconds,
  signedPayload,
  signedRequest,
} from './webhook-requests';

let consoleError: jest.SpyInstance;

beforeEach(() => {
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => consoleError.mockRestore());

/** The one refusal line logged for the last request. */
function refusalLog(): string {
  expect(consoleError).toHaveBeenCalledTimes(1);
  return String(consoleError.mock.calls[0][0]);
}

describe('verificationMode signature (the default)', () => {
  it.each([undefined, '', 'signature', ' Signature '])('accepts a signed request (setting %p)', async (mode) => {
    installElma365Globals({ verificationMode: mode });

    const result = await sut(signedPayload(eventPayload(freshId())));

    expect(result.event?.event).toBe(EVENT.NotifyStart);
  });

  it('refuses a request that lost its webhook-* headers, names what arrived and the modes that would take it', async () => {
    installElma365Globals();

    const result = await sut(bearerOnly(eventPayload(freshId())));

    expect(sentAnswer(result.response).status).toBe(401);
    const refusal = {
      error: 'missing_headers',
      detail: 'missing header(s): webhook-id, webhook-timestamp, webhook-signature',
      verificationMode: 'signature',
      wouldAccept: ['token', 'url'],
      headerNames: ['authorization', 'content-type'],
      headersType: 'object',
      bodyType: 'string',
    };
    expect(sentJson(result.response)).toEqual(refusal);
    const log = refusalLog();
    for (const fact of [
      'missing header(s)',
      'signature',
      'token, url',
      'authorization, content-type',
      'body: string',
    ]) {
      expect(log).toContain(fact);
    }
    expect(log).not.toContain(WEBHOOK_TOKEN);
  });

  it.each([
    ['a wrong token', { token: 'another-token' }, 'bad_token'],
    ['a timestamp 6 minutes old', { timestampSeconds: nowSeconds() - 360 }, 'stale_timestamp'],
    ['a timestamp 6 minutes ahead', { timestampSeconds: nowSeconds() + 360 }, 'stale_timestamp'],
  ])('answers 401 to %s', async (_case, options, error) => {
    installElma365Globals();
    const payload = eventPayload(freshId());

    const result = await sut(signedRequest(JSON.stringify(payload), String(payload.id), options));

    expect(sentAnswer(result.response).status).toBe(401);
    expect(sentJson(result.response)).toMatchObject({ error });
    expect(result.event).toBeUndefined();
  });

  it('answers 401 to a tampered body, and no value of a header reaches the log or the answer', async () => {
    installElma365Globals();
    const request = signedPayload(eventPayload(freshId()));

    const result = await sut({ ...request, body: request.body.replace('+79161234567', '+79990000000') });

    expect(sentJson(result.response)).toMatchObject({ error: 'bad_signature', wouldAccept: ['token', 'url'] });
    const said = `${refusalLog()} ${sentAnswer(result.response).content}`;
    for (const value of Object.values(request.headers).filter((v) => v !== 'application/json')) {
      expect(said).not.toContain(value);
    }
  });

  it('answers 401 when the Bearer token is right but the signature was made with another key', async () => {
    installElma365Globals();
    const request = signedPayload(eventPayload(freshId()), { token: 'another-token' });

    const result = await sut({ ...request, headers: { ...request.headers, authorization: `Bearer ${WEBHOOK_TOKEN}` } });

    expect(sentJson(result.response)).toMatchObject({ error: 'bad_signature' });
  });

  it('answers 400 when webhook-id differs from the payload id', async () => {
    installElma365Globals();
    const payload = eventPayload(freshId());

    const result = await sut(signedRequest(JSON.stringify(payload), 'another-id'));

    expect(sentAnswer(result.response).status).toBe(400);
    expect(sentJson(result.response)).toEqual({ error: 'webhook-id does not match the payload id' });
  });
});

describe('verificationMode token', () => {
  beforeEach(() => installElma365Globals({ verificationMode: 'token' }));

  it('accepts a request with the Bearer token only', async () => {
    const result = await sut(bearerOnly(eventPayload(freshId())));

    expect(result.event?.event).toBe(EVENT.NotifyStart);
  });

  it('refuses a request without Authorization: only url would take it', async () => {
    const result = await sut(headerless(eventPayload(freshId())));

    expect(sentAnswer(result.response).status).toBe(401);
    expect(sentJson(result.response)).toMatchObject({
      error: 'missing_authorization',
      verificationMode: 'token',
      wouldAccept: ['url'],
      headerNames: [],
    });
    expect(refusalLog()).toContain('header names (object): none');
  });

  it('refuses a wrong Bearer token', async () => {
    const result = await sut(bearerOnly(eventPayload(freshId()), 'another-token'));

    expect(sentJson(result.response)).toMatchObject({ error: 'bad_token', wouldAccept: ['url'] });
  });
});

describe('verificationMode url', () => {
  it('accepts a request with no headers at all, webhookToken not needed', async () => {
    installElma365Globals({ verificationMode: 'url', webhookToken: '' });

    const result = await sut(headerless(eventPayload(freshId())));

    expect(result.event?.event).toBe(EVENT.NotifyStart);
    expect(consoleError).not.toHaveBeenCalled();
  });
});

describe('an unknown verificationMode or no webhookToken', () => {
  it('refuses every webhook, even a correctly signed one, and says which modes exist', async () => {
    installElma365Globals({ verificationMode: 'hmac' });

    const result = await sut(signedPayload(eventPayload(freshId())));

    expect(sentAnswer(result.response).status).toBe(401);
    expect(sentJson(result.response)).toMatchObject({
      error: 'unknown_verification_mode',
      verificationMode: '"hmac"',
      wouldAccept: ['signature', 'token', 'url'],
    });
    expect(refusalLog()).toContain('none of signature, token, url');
  });

  it('does not echo a value that may be a secret pasted into the wrong field', async () => {
    installElma365Globals({ verificationMode: WEBHOOK_TOKEN + 'X9' });

    const result = await sut(signedPayload(eventPayload(freshId())));

    expect(sentJson(result.response)).toMatchObject({ verificationMode: '(14 characters)' });
    expect(refusalLog()).not.toContain(WEBHOOK_TOKEN);
  });

  it.each(['signature', 'token'])('refuses everything in %s mode while webhookToken is empty', async (mode) => {
    installElma365Globals({ verificationMode: mode, webhookToken: ' ' });

    const result = await sut(signedPayload(eventPayload(freshId())));

    expect(sentJson(result.response)).toMatchObject({ error: 'webhook_token_not_configured', wouldAccept: ['url'] });
    expect(refusalLog()).toContain('webhookToken is empty');
  });
});

describe('repeated payload ids are dropped in every mode', () => {
  it.each([
    ['signature', signedPayload],
    ['token', (payload: Record<string, unknown>) => bearerOnly(payload)],
    ['url', headerless],
  ])('%s: the second delivery of an id gets 200 and nothing to show', async (mode, request) => {
    installElma365Globals({ verificationMode: mode });
    const payload = eventPayload(freshId());

    const first = await sut(request(payload));
    const again = await sut(request(payload));
    const next = await sut(request(eventPayload(freshId())));

    expect(first.event).toBeDefined();
    expect(again).toEqual({ response: expect.anything() });
    expect(sentAnswer(again.response).status).toBe(200);
    expect(sentJson(again.response)).toEqual({ duplicate: true, id: payload.id });
    expect(next.event).toBeDefined();
  });

  it('url: the payload id is the key, whatever the headers say', async () => {
    installElma365Globals({ verificationMode: 'url' });
    const payload = eventPayload(freshId());

    await sut(signedPayload(payload));
    const again = await sut({ ...headerless(payload), headers: { 'webhook-id': 'something-else' } });

    expect(again.event).toBeUndefined();
    expect(sentAnswer(again.response).status).toBe(200);
  });
});
