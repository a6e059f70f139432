import type { IncomingMessage } from 'node:http';
import { verifyBearerToken, verifyWebhook, type WebhookPingPayloadV1, type WebhookVerifyResult } from '@app/elma365';
import { pingPayloadOf } from './module-ping-answer';
import { flattenHeaders, parseJsonOrUndefined } from './request-text';

/** A request to the module's webhook with the module's checks done, before anything is answered. */
export interface CheckedWebhookRequest {
  readonly method: string;
  /** as requested, the query included */
  readonly path: string;
  /** lower-case names; repeated headers joined with ", " */
  readonly headers: Readonly<Record<string, string>>;
  readonly raw: string;
  /** the parsed JSON body; undefined when it was not JSON */
  readonly body: unknown;
  readonly receivedAtMs: number;
  /** the `Authorization: Bearer` token is the module token */
  readonly tokenValid: boolean;
  /** the Standard Webhooks signature and timestamp, with the webhook id when valid */
  readonly signature: WebhookVerifyResult;
  /** the doctor's ping, when the body is one */
  readonly ping: WebhookPingPayloadV1 | undefined;
}

/** A request that passed both of the module's checks. */
export type VerifiedWebhookRequest = CheckedWebhookRequest & {
  readonly signature: Extract<WebhookVerifyResult, { valid: true }>;
};

export function isVerified(request: CheckedWebhookRequest): request is VerifiedWebhookRequest {
  return request.tokenValid && request.signature.valid;
}

export interface WebhookChecks {
  /** the module token: Bearer token and HMAC key */
  readonly token: string;
  /** signature timestamp tolerance (default 300 s) */
  readonly toleranceSeconds?: number;
}

export function checkWebhookRequest(
  request: IncomingMessage,
  raw: string,
  { token, toleranceSeconds }: WebhookChecks,
): CheckedWebhookRequest {
  const headers = flattenHeaders(request.headers);
  const body = parseJsonOrUndefined(raw);
  return {
    method: request.method ?? '',
    path: request.url ?? '',
    headers,
    raw,
    body,
    receivedAtMs: Date.now(),
    tokenValid: verifyBearerToken(headers, token),
    signature: verifyWebhook(headers, raw, token, { toleranceSeconds }),
    ping: pingPayloadOf(body),
  };
}
