import { Agent as HttpAgent, type ClientRequest, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
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

/** The reused keep-alive connection was already closed by the server: nothing was sent on it. */
class StaleConnection extends Error {}

interface PostAnswer {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly text: string;
}

/** POSTs signed payloads to the ELMA365 module webhook; one attempt per call, retries are the queue's. */
export class Elma365WebhookClient {
  // Idle kept-alive sockets are unref'd by node: they never hold a stopping process open.
  private readonly agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
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
    const signed = signWebhook({ id: payload.id, body, token: this.token, timestampSeconds: this.nowMs() / 1000 });
    const answer = await this.post(url, { ...signed, 'content-type': 'application/json' }, body, timeoutMs);
    if (answer.status >= 200 && answer.status < 300) return { status: answer.status };
    throw this.statusError(answer.status, answer.retryAfter, answer.text);
  }

  /**
   * One POST over node:http(s) with keep-alive: about a third of fetch's CPU per request (docs/benchmarks.md,
   * deliveries). A redirect is not followed: it would resend the token to wherever it points, and the module URL
   * never redirects. The timeout covers connecting to the last byte of the answer.
   */
  private async post(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostAnswer> {
    try {
      return await this.postOnce(url, headers, body, timeoutMs);
    } catch (error) {
      // A kept-alive connection the server closed while idle fails as soon as it is reused, before the request
      // reached anybody (node's documented race): once more, on a new connection.
      if (!(error instanceof StaleConnection)) throw error;
      return this.postOnce(url, headers, body, timeoutMs);
    }
  }

  private postOnce(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostAnswer> {
    return new Promise<PostAnswer>((resolve, reject) => {
      const secure = url.protocol === 'https:';
      let request: ClientRequest;
      try {
        request = (secure ? httpsRequest : httpRequest)(url, {
          method: 'POST',
          agent: secure ? this.agents.https : this.agents.http,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        });
      } catch {
        // node's own message would name the offending header, whose value may be the token.
        reject(new Elma365DeliveryException(Code.InvalidRequest, 'ELMA365 webhook: a header value is not valid HTTP'));
        return;
      }
      const timer = setTimeout(() => {
        request.destroy(
          new Elma365DeliveryException(Code.Timeout, `ELMA365 webhook: no answer within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      const fail = (error: unknown) => {
        clearTimeout(timer);
        const code = (error as { code?: unknown } | null)?.code;
        if (request.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE')) return reject(new StaleConnection());
        reject(
          error instanceof Elma365DeliveryException
            ? error
            : new Elma365DeliveryException(Code.NetworkError, `ELMA365 webhook unreachable (${networkReason(error)})`),
        );
      };
      request.on('error', fail);
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('end', () => {
          clearTimeout(timer);
          const retryAfter = response.headers['retry-after'];
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      });
      request.end(body);
    });
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
