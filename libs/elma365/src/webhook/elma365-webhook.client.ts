import { Elma365DeliveryErrorCode as Code, Elma365DeliveryException } from './elma365-delivery.exception';
import { networkReason } from '../elma365.exception';
import { parseRetryAfterMs } from '../retry-after';
import { WebhookPayloadV1 } from './webhook-payload';
import { signWebhook } from './webhook-signature';

export const DEFAULT_ELMA365_TIMEOUT_MS = 10_000;
const BODY_EXCERPT_CHARS = 300;

export interface Elma365WebhookClientOptions {
  /** the module's webhook URL from "Настройки телефонии"; a send may name another (the link changes with the token) */
  url?: string;
  /** the module's token: sent as Bearer and used as the signing key */
  token: string;
  /** per request, connect to last body byte (default 10 s) */
  timeoutMs?: number;
  /** clock for the signature timestamp and HTTP-date `Retry-After` */
  nowMs?: () => number;
}

export interface Elma365SendOptions {
  timeoutMs?: number;
  /** where to send this one, instead of the client's `url` */
  url?: string;
}

export interface Elma365SendResult {
  status: number;
}

/** POSTs signed payloads to the ELMA365 module webhook; one attempt per call, retries are the queue's. */
export class Elma365WebhookClient {
  private readonly url?: URL;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly nowMs: () => number;

  constructor({ url, token, timeoutMs = DEFAULT_ELMA365_TIMEOUT_MS, nowMs = Date.now }: Elma365WebhookClientOptions) {
    this.url = url === undefined ? undefined : parseWebhookUrl(url);
    if (token === '') throw new Error('ELMA365 webhook token is empty');
    this.token = token;
    this.timeoutMs = timeoutMs;
    this.nowMs = nowMs;
  }

  /** Resolves on 2xx; otherwise rejects with a classified Elma365DeliveryException. */
  async send(payload: WebhookPayloadV1, options: Elma365SendOptions = {}): Promise<Elma365SendResult> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const url = options.url === undefined ? this.url : parseWebhookUrl(options.url);
    if (url === undefined) throw new Error('ELMA365 webhook URL is not set');
    const body = JSON.stringify(payload);
    const headers = this.headersFor(payload.id, body);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        // A redirect would resend the token to wherever it points; the module URL never redirects.
        redirect: 'manual',
        signal: controller.signal,
      });
      const text = await response.text();
      if (response.status >= 200 && response.status < 300) return { status: response.status };
      throw this.statusError(response.status, response.headers.get('retry-after'), text);
    } catch (error: unknown) {
      if (error instanceof Elma365DeliveryException) throw error;
      if (controller.signal.aborted) {
        throw new Elma365DeliveryException(Code.Timeout, `ELMA365 webhook: no answer within ${timeoutMs} ms`);
      }
      throw new Elma365DeliveryException(Code.NetworkError, `ELMA365 webhook unreachable (${networkReason(error)})`);
    } finally {
      clearTimeout(timer);
    }
  }

  private headersFor(id: string, body: string): Headers {
    const signed = signWebhook({ id, body, token: this.token, timestampSeconds: this.nowMs() / 1000 });
    try {
      return new Headers({ ...signed, 'content-type': 'application/json' });
    } catch {
      // fetch's own message would quote the offending value, which may be the token.
      throw new Elma365DeliveryException(Code.InvalidRequest, 'ELMA365 webhook: a header value is not valid HTTP');
    }
  }

  private statusError(status: number, retryAfter: string | null, text: string): Elma365DeliveryException {
    const bodyExcerpt = this.excerpt(text);
    const message = `ELMA365 webhook answered HTTP ${status}`;
    if (status === 429) {
      const retryAfterMs = parseRetryAfterMs(retryAfter, this.nowMs());
      return new Elma365DeliveryException(Code.RateLimited, message, { status, retryAfterMs, bodyExcerpt });
    }
    if (status >= 500) {
      const retryAfterMs = retryAfter === null ? undefined : parseRetryAfterMs(retryAfter, this.nowMs());
      return new Elma365DeliveryException(Code.ServerError, message, { status, retryAfterMs, bodyExcerpt });
    }
    if (status === 408) return new Elma365DeliveryException(Code.RequestTimeout, message, { status, bodyExcerpt });
    if (status === 401 || status === 403) {
      return new Elma365DeliveryException(Code.Unauthorized, message, { status, bodyExcerpt });
    }
    return new Elma365DeliveryException(Code.Rejected, message, { status, bodyExcerpt });
  }

  /** An echoing proxy or script could reflect the Authorization header: mask the token. */
  private excerpt(text: string): string {
    return text.split(this.token).join('***').slice(0, BODY_EXCERPT_CHARS);
  }
}

function parseWebhookUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('ELMA365 webhook URL is not a valid URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error('ELMA365 webhook URL must be http(s)');
  }
  return parsed;
}
