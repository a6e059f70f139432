import { textAnswer } from './http-answer';
import type { VerificationMode } from './module-settings';
import type { SeenWebhookRequest } from './webhook-request';

/** The 401's JSON text and log line: what arrived and why it was refused, never a header's or the body's value. */
export interface WebhookRefusal {
  error: string;
  detail: string;
  /** the module's setting, or how an unknown one may be shown */
  verificationMode: string;
  /** the modes under which this request would have passed */
  wouldAccept: VerificationMode[];
  headerNames: string[];
  headersType: string;
  bodyType: string;
}

export function refuseWebhook(
  seen: SeenWebhookRequest,
  reason: Pick<WebhookRefusal, 'error' | 'detail' | 'verificationMode' | 'wouldAccept'>,
): VoipWebhookParseResult {
  const refusal: WebhookRefusal = {
    ...reason,
    headerNames: seen.headerNames,
    headersType: seen.headersType,
    bodyType: seen.bodyType,
  };
  console.error(
    [
      `VoipParseWebhookRequest refused a webhook (401, verificationMode ${refusal.verificationMode}): ${refusal.detail} [${refusal.error}]`,
      `would be accepted in mode(s): ${refusal.wouldAccept.length === 0 ? 'none' : refusal.wouldAccept.join(', ')}`,
      `header names (${refusal.headersType}): ${refusal.headerNames.length === 0 ? 'none' : refusal.headerNames.join(', ')}`,
      `body: ${refusal.bodyType}`,
    ].join('; '),
  );
  return { response: textAnswer(401, refusal) };
}

/** A body that is not the raw string cannot be checked or parsed: 400, with what arrived instead. */
export function rejectBodyType(seen: SeenWebhookRequest): VoipWebhookParseResult {
  const error = `request.body must be a string (the raw JSON text), got ${seen.bodyType}`;
  console.error(
    `VoipParseWebhookRequest answered 400: ${error}; header names (${seen.headersType}): ${seen.headerNames.join(', ') || 'none'}`,
  );
  return {
    response: textAnswer(400, { error, bodyType: seen.bodyType, headerNames: seen.headerNames }),
  };
}
