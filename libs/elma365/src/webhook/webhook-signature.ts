import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_ID_HEADER = 'webhook-id';
export const WEBHOOK_TIMESTAMP_HEADER = 'webhook-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'webhook-signature';
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

export interface SignWebhookInput {
  /** the payload's id */
  id: string;
  /** the exact body bytes sent, as a string */
  body: string;
  /** the module token: the only secret the ELMA365 module knows, so it is the HMAC key */
  token: string;
  /** unix seconds */
  timestampSeconds: number;
}

/** A type alias, not an interface, so it passes where a header record is expected. */
export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
  authorization: string;
};

/** Standard Webhooks signature (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`) plus the Bearer token. */
export function signWebhook({ id, body, token, timestampSeconds }: SignWebhookInput): WebhookHeaders {
  const timestamp = String(Math.floor(timestampSeconds));
  return {
    [WEBHOOK_ID_HEADER]: id,
    [WEBHOOK_TIMESTAMP_HEADER]: timestamp,
    [WEBHOOK_SIGNATURE_HEADER]: `v1,${webhookSignature(token, id, timestamp, body)}`,
    authorization: `Bearer ${token}`,
  };
}

export function webhookSignature(token: string, id: string, timestamp: string, body: string): string {
  return createHmac('sha256', token).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64');
}

export type WebhookRequestHeaders =
  Readonly<Record<string, string | readonly string[] | undefined>> | { get(name: string): string | null };

export type WebhookVerifyFailure =
  'missing_headers' | 'bad_timestamp' | 'timestamp_too_old' | 'timestamp_too_new' | 'bad_signature';

export type WebhookVerifyResult =
  { valid: true; id: string; timestampSeconds: number } | { valid: false; reason: WebhookVerifyFailure };

export interface VerifyWebhookOptions {
  /** how far the timestamp may be from now either way (default 300 s), against replays */
  toleranceSeconds?: number;
  nowMs?: number;
}

/** Checks the Standard Webhooks signature and timestamp; the Bearer token is `verifyBearerToken`'s job. */
export function verifyWebhook(
  headers: WebhookRequestHeaders,
  body: string,
  token: string,
  { toleranceSeconds = DEFAULT_WEBHOOK_TOLERANCE_SECONDS, nowMs = Date.now() }: VerifyWebhookOptions = {},
): WebhookVerifyResult {
  const id = header(headers, WEBHOOK_ID_HEADER);
  const timestamp = header(headers, WEBHOOK_TIMESTAMP_HEADER);
  const signatures = header(headers, WEBHOOK_SIGNATURE_HEADER);
  if (id === undefined || timestamp === undefined || signatures === undefined) {
    return { valid: false, reason: 'missing_headers' };
  }
  if (!/^\d{1,15}$/.test(timestamp)) return { valid: false, reason: 'bad_timestamp' };
  const timestampSeconds = Number(timestamp);
  const ageSeconds = nowMs / 1000 - timestampSeconds;
  if (ageSeconds > toleranceSeconds) return { valid: false, reason: 'timestamp_too_old' };
  if (ageSeconds < -toleranceSeconds) return { valid: false, reason: 'timestamp_too_new' };
  const expected = Buffer.from(webhookSignature(token, id, timestamp, body), 'base64');
  // The header may carry several space-separated signatures (key rotation); any valid v1 one will do.
  const matches = signatures
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .some((entry) => constantTimeEqual(Buffer.from(entry.slice(3), 'base64'), expected));
  return matches ? { valid: true, id, timestampSeconds } : { valid: false, reason: 'bad_signature' };
}

/** `Authorization: Bearer <token>`, compared in constant time. */
export function verifyBearerToken(headers: WebhookRequestHeaders, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header(headers, 'authorization') ?? '');
  return match !== null && constantTimeEqual(Buffer.from(match[1], 'utf8'), Buffer.from(token, 'utf8'));
}

function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function header(headers: WebhookRequestHeaders, name: string): string | undefined {
  if (isHeadersObject(headers)) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return typeof value === 'string' ? value : value?.join(', ');
}

function isHeadersObject(headers: WebhookRequestHeaders): headers is { get(name: string): string | null } {
  return typeof (headers as { get?: unknown }).get === 'function';
}
