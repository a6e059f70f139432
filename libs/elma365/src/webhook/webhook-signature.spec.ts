import { signWebhook, verifyBearerToken, verifyWebhook } from './webhook-signature';

const token = 's3cret-token';
const id = 'office:1700000000.42#3';
const body = '{"version":1}';
const timestampSeconds = 1700000000;
const nowMs = timestampSeconds * 1000;

describe('webhook signature', () => {
  it('matches a vector computed independently (openssl dgst -sha256 -hmac)', () => {
    const sut = signWebhook({ id, body, token, timestampSeconds });

    expect(sut).toEqual({
      'webhook-id': id,
      'webhook-timestamp': '1700000000',
      'webhook-signature': 'v1,1xTSZYxBQna0ZZ9DURXcOdVRkOlm0vToGzTEg2LyJU0=',
      authorization: 'Bearer s3cret-token',
    });
  });

  it('verifies what it signed', () => {
    const headers = signWebhook({ id, body, token, timestampSeconds });

    expect(verifyWebhook(headers, body, token, { nowMs })).toEqual({ valid: true, id, timestampSeconds });
    expect(verifyBearerToken(headers, token)).toBe(true);
  });

  it('reads headers case-insensitively and from a fetch Headers object', () => {
    const signed = signWebhook({ id, body, token, timestampSeconds });
    const upper = Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toUpperCase(), v]));

    expect(verifyWebhook(upper, body, token, { nowMs }).valid).toBe(true);
    expect(verifyWebhook(new Headers(signed), body, token, { nowMs }).valid).toBe(true);
  });

  it('rejects a tampered body, id or timestamp', () => {
    const headers = signWebhook({ id, body, token, timestampSeconds });

    expect(verifyWebhook(headers, '{"version":2}', token, { nowMs })).toEqual({
      valid: false,
      reason: 'bad_signature',
    });
    expect(verifyWebhook({ ...headers, 'webhook-id': 'other' }, body, token, { nowMs }).valid).toBe(false);
    expect(verifyWebhook({ ...headers, 'webhook-timestamp': '1700000001' }, body, token, { nowMs }).valid).toBe(false);
  });

  it('rejects another key', () => {
    const headers = signWebhook({ id, body, token: 'other-token', timestampSeconds });

    expect(verifyWebhook(headers, body, token, { nowMs })).toEqual({ valid: false, reason: 'bad_signature' });
  });

  it('rejects a timestamp older (or newer) than the tolerance', () => {
    const headers = signWebhook({ id, body, token, timestampSeconds });

    expect(verifyWebhook(headers, body, token, { nowMs: nowMs + 301_000 })).toEqual({
      valid: false,
      reason: 'timestamp_too_old',
    });
    expect(verifyWebhook(headers, body, token, { nowMs: nowMs + 299_000 }).valid).toBe(true);
    expect(verifyWebhook(headers, body, token, { nowMs: nowMs + 61_000, toleranceSeconds: 60 }).valid).toBe(false);
    expect(verifyWebhook(headers, body, token, { nowMs: nowMs - 301_000 })).toEqual({
      valid: false,
      reason: 'timestamp_too_new',
    });
  });

  it('accepts any of several signatures (key rotation) and ignores other versions', () => {
    const headers = signWebhook({ id, body, token, timestampSeconds });
    const rotated = { ...headers, 'webhook-signature': `v1a,xyz v1,AAAA ${headers['webhook-signature']}` };

    expect(verifyWebhook(rotated, body, token, { nowMs }).valid).toBe(true);
  });

  it('rejects missing headers and a malformed timestamp', () => {
    const headers = signWebhook({ id, body, token, timestampSeconds });

    expect(verifyWebhook({}, body, token, { nowMs })).toEqual({ valid: false, reason: 'missing_headers' });
    expect(verifyWebhook({ ...headers, 'webhook-timestamp': '17e8' }, body, token, { nowMs })).toEqual({
      valid: false,
      reason: 'bad_timestamp',
    });
  });

  it('bearer token: wrong, missing or malformed is refused', () => {
    expect(verifyBearerToken({ authorization: 'Bearer wrong' }, token)).toBe(false);
    expect(verifyBearerToken({ authorization: `Basic ${token}` }, token)).toBe(false);
    expect(verifyBearerToken({}, token)).toBe(false);
    expect(verifyBearerToken({ Authorization: `bearer ${token}` }, token)).toBe(true);
  });
});
