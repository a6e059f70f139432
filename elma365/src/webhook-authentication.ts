import { base64, constantTimeEqual, utf8Bytes } from './bytes';
import { hmacSha256 } from './hmac-sha256';
import { VERIFICATION_MODES, type VerificationMode } from './module-settings';

/** How far `webhook-timestamp` may be from now either way: stops replays of a captured request. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** Lower-case names, as `seeWebhookRequest` gives them. */
export type WebhookHeaders = Readonly<Record<string, string>>;

export type WebhookRefusalCode =
  | 'webhook_token_not_configured'
  | 'missing_authorization'
  | 'bad_token'
  | 'missing_headers'
  | 'bad_timestamp'
  | 'stale_timestamp'
  | 'bad_signature';

export type WebhookAuthentication =
  /** `webhookId`: the signed `webhook-id` (signature mode only) */
  { ok: true; webhookId?: string } | { ok: false; error: WebhookRefusalCode; detail: string };

const SIGNATURE_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

/**
 * `signature`: `Authorization: Bearer <token>` and the Standard Webhooks signature over `id.timestamp.body`;
 * `token`: the Bearer token only; `url`: nothing, ELMA365 is trusted to have checked the token in its own link.
 */
export function authenticateWebhook(
  mode: VerificationMode,
  headers: WebhookHeaders,
  body: string,
  token: string,
  nowMs: number,
): WebhookAuthentication {
  if (mode === 'url') return { ok: true };
  if (token === '') {
    return {
      ok: false,
      error: 'webhook_token_not_configured',
      detail: `the module setting webhookToken is empty: verificationMode ${mode} refuses every webhook`,
    };
  }
  const bearer = checkBearer(headers, token);
  if (!bearer.ok || mode === 'token') return bearer;
  return checkSignature(headers, body, token, nowMs);
}

/** The modes under which this request would have passed: the refusal log's hint. */
export function modesThatWouldAccept(
  headers: WebhookHeaders,
  body: string,
  token: string,
  nowMs: number,
): VerificationMode[] {
  return VERIFICATION_MODES.filter((mode) => authenticateWebhook(mode, headers, body, token, nowMs).ok);
}

function checkBearer(headers: WebhookHeaders, token: string): WebhookAuthentication {
  const authorization = headers['authorization'];
  if (authorization === undefined) {
    return { ok: false, error: 'missing_authorization', detail: 'no Authorization header arrived' };
  }
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer === null || !constantTimeEqual(bearer[1], token)) {
    return { ok: false, error: 'bad_token', detail: 'Authorization is not "Bearer <webhookToken>"' };
  }
  return { ok: true };
}

function checkSignature(headers: WebhookHeaders, body: string, token: string, nowMs: number): WebhookAuthentication {
  const missing = SIGNATURE_HEADERS.filter((name) => !headers[name]);
  if (missing.length > 0) {
    return { ok: false, error: 'missing_headers', detail: `missing header(s): ${missing.join(', ')}` };
  }
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  if (!/^\d{1,15}$/.test(timestamp)) {
    return { ok: false, error: 'bad_timestamp', detail: 'webhook-timestamp is not unix seconds' };
  }
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > WEBHOOK_TOLERANCE_SECONDS) {
    return {
      ok: false,
      error: 'stale_timestamp',
      detail: `webhook-timestamp is more than ${WEBHOOK_TOLERANCE_SECONDS} s away from this server's clock`,
    };
  }
  const expected = base64(hmacSha256(utf8Bytes(token), utf8Bytes(`${id}.${timestamp}.${body}`)));
  // Several space-separated signatures may come (key rotation); one valid v1 entry is enough.
  const valid = headers['webhook-signature']
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .some((entry) => constantTimeEqual(entry.slice(3), expected));
  if (!valid) {
    return {
      ok: false,
      error: 'bad_signature',
      detail: 'webhook-signature does not match the body signed with webhookToken (a changed body, or another token)',
    };
  }
  return { ok: true, webhookId: id };
}
