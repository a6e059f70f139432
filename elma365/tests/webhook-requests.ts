// Webhook requests as the connector sends them, signed by the connector's own signer (libs/elma365).
import { randomUUID } from 'node:crypto';
import { signWebhook } from '../../libs/elma365/src/webhook/webhook-signature';
import { WEBHOOK_TOKEN } from './elma365-globals';

export type JsonObject = Record<string, unknown>;

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export const freshId = (suffix = '#1'): string => `office:${randomUUID()}${suffix}`;

export function eventPayload(id: string, event: JsonObject = {}): JsonObject {
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
      ...event,
    },
  };
}

export function recordPayload(id: string, record: JsonObject = {}): JsonObject {
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
      ...record,
    },
  };
}

export function pingPayload(id = `ping:${randomUUID()}`): JsonObject {
  return { version: 1, id, kind: 'ping', sentAt: new Date().toISOString() };
}

export function signedRequest(
  body: string,
  id: string,
  { token = WEBHOOK_TOKEN, timestampSeconds = nowSeconds() } = {},
): FetchRequest {
  const headers = signWebhook({ id, body, token, timestampSeconds });
  return { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } };
}

export function signedPayload(payload: JsonObject, options: { token?: string } = {}): FetchRequest {
  return signedRequest(JSON.stringify(payload), String(payload.id), options);
}

/** What a connector would send if ELMA365 kept only the Bearer token, or nothing at all, of its headers. */
export function bearerOnly(payload: JsonObject, token = WEBHOOK_TOKEN): FetchRequest {
  return {
    method: 'POST',
    body: JSON.stringify(payload),
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
  };
}

export function headerless(payload: JsonObject): FetchRequest {
  return { method: 'POST', body: JSON.stringify(payload), headers: {} };
}
