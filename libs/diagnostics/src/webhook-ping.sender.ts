import { randomUUID } from 'node:crypto';
import { signWebhook, WEBHOOK_PAYLOAD_VERSION, type WebhookPingPayloadV1 } from '@app/elma365';

export interface WebhookPingTarget {
  readonly url: string;
  readonly token: string;
  readonly timeoutMs: number;
}

/** What came back: an HTTP answer, or why none came. */
export type WebhookPingOutcome =
  | { readonly kind: 'answered'; readonly id: string; readonly status: number; readonly text: string }
  | { readonly kind: 'unreachable'; readonly id: string; readonly reason: string };

const MAX_TEXT = 4_000;

/**
 * POSTs one `ping` payload to the module's webhook, signed exactly as deliveries are (Bearer token and Standard
 * Webhooks signature): the module takes it through the same checks, then answers instead of building a call event.
 */
export async function sendWebhookPing(target: WebhookPingTarget, nowMs = Date.now()): Promise<WebhookPingOutcome> {
  const payload: WebhookPingPayloadV1 = {
    version: WEBHOOK_PAYLOAD_VERSION,
    id: `ping:${randomUUID()}`,
    kind: 'ping',
    sentAt: new Date(nowMs).toISOString(),
  };
  const body = JSON.stringify(payload);
  const headers = signWebhook({ id: payload.id, body, token: target.token, timestampSeconds: nowMs / 1000 });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), target.timeoutMs);
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body,
      // A redirect would resend the token to wherever it points.
      redirect: 'manual',
      signal: controller.signal,
    });
    const text = (await response.text()).split(target.token).join('***').slice(0, MAX_TEXT);
    return { kind: 'answered', id: payload.id, status: response.status, text };
  } catch (error) {
    const reason = controller.signal.aborted ? `no answer within ${target.timeoutMs} ms` : networkReason(error);
    return { kind: 'unreachable', id: payload.id, reason };
  } finally {
    clearTimeout(timer);
  }
}

/** The system error code (ECONNREFUSED, ENOTFOUND…): undici's own messages may quote the URL. */
function networkReason(error: unknown): string {
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' && /^[A-Z0-9_]+$/.test(code) ? code : 'network error';
}
