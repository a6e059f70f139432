import { base64, constantTimeEqual, utf8Bytes } from './bytes';
import { hmacSha256 } from './hmac-sha256';

/** How far `webhook-timestamp` may be from now either way: stops replays of a captured request. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export type WebhookHeaders = FetchRequest['headers'];

export type WebhookAuthentication =
  | { ok: true; webhookId: string }
  | { ok: false; reason: 'bad_token' | 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature' };

/** Header names are case-insensitive; ELMA365 does not say in which case it passes them on. */
export function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** `Authorization: Bearer <token>`, then the Standard Webhooks signature over `id.timestamp.body`. */
export function authenticateWebhook(
  headers: WebhookHeaders,
  body: string,
  token: string,
  nowMs: number,
): WebhookAuthentication {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headerValue(headers, 'authorization') ?? '');
  if (bearer === null || !constantTimeEqual(bearer[1], token)) return { ok: false, reason: 'bad_token' };

  const id = headerValue(headers, 'webhook-id');
  const timestamp = headerValue(headers, 'webhook-timestamp');
  const signatures = headerValue(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,15}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > WEBHOOK_TOLERANCE_SECONDS) {
    return { ok: false, reason: 'stale_timestamp' };
  }

  const expected = base64(hmacSha256(utf8Bytes(token), utf8Bytes(`${id}.${timestamp}.${body}`)));
  // Several space-separated signatures may come (key rotation); one valid v1 entry is enough.
  const valid = signatures
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .some((entry) => constantTimeEqual(entry.slice(3), expected));
  return valid ? { ok: true, webhookId: id } : { ok: false, reason: 'bad_signature' };
}
