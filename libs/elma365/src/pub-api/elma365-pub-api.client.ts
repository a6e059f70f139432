import { networkReason } from '../elma365.exception';
import { parseRetryAfterMs } from '../retry-after';
import { Elma365PubApiException } from './elma365-pub-api.exception';
import type {
  Elma365Context,
  Elma365Item,
  Elma365ListPage,
  Elma365ListRequest,
  Elma365ProcessRun,
  VoipBinding,
} from './elma365-pub-api.types';

const MAX_ERROR_TEXT = 500;

export interface Elma365PubApiClientOptions {
  /** `https://company.elma365.ru`, without `/pub/v1` */
  readonly baseUrl: string;
  readonly token: string;
  readonly timeoutMs: number;
  readonly nowMs?: () => number;
  /** awaited before every request: a shared budget (e.g. the configured requests per minute) */
  readonly beforeRequest?: () => Promise<void>;
}

/**
 * The `/pub/v1` calls the routing and the generic mode need. After a 429 it sends nothing until `Retry-After` has passed:
 * requests in that window fail at once with `rate_limited`, without reaching ELMA365.
 */
export class Elma365PubApiClient {
  private readonly baseUrl: string;
  private readonly nowMs: () => number;
  private blockedUntilMs = 0;

  constructor(private readonly options: Elma365PubApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.nowMs = options.nowMs ?? Date.now;
  }

  /** true while a 429's Retry-After is running */
  get rateLimited(): boolean {
    return this.nowMs() < this.blockedUntilMs;
  }

  async listAppItems(namespace: string, code: string, request: Elma365ListRequest): Promise<Elma365ListPage> {
    return listPage(await this.request('POST', `${appPath(namespace, code)}/list`, request));
  }

  /** @returns the created item, `__id` included */
  async createItem(namespace: string, code: string, context: Elma365Context): Promise<Elma365Item> {
    return envelopeItem(await this.request('POST', `${appPath(namespace, code)}/create`, { context }), 'create');
  }

  /** @param context only the fields to change */
  async updateItem(namespace: string, code: string, id: string, context: Elma365Context): Promise<Elma365Item> {
    const path = `${appPath(namespace, code)}/${encodeURIComponent(id)}/update`;
    return envelopeItem(await this.request('POST', path, { context }), 'update');
  }

  /** Starts a business process from its template (`/pub/v1/bpm/template/{ns}/{code}/run`). */
  async runProcess(namespace: string, code: string, context: Elma365Context): Promise<Elma365ProcessRun> {
    const path = `/pub/v1/bpm/template/${encodeURIComponent(namespace)}/${encodeURIComponent(code)}/run`;
    const body = await this.request('POST', path, { context });
    const started = isRecord(body) ? body['context'] : undefined;
    const instanceId = isRecord(started) ? started['__id'] : undefined;
    return { instanceId: typeof instanceId === 'string' ? instanceId : null };
  }

  async listUsers(request: Elma365ListRequest): Promise<Elma365ListPage> {
    return listPage(await this.request('POST', '/pub/v1/user/list', request));
  }

  async voipBindings(moduleCode: string): Promise<VoipBinding[]> {
    const body = await this.request('GET', `/pub/v1/integration/${encodeURIComponent(moduleCode)}/voip/bindings`);
    const bindings = isRecord(body) ? body['bindings'] : undefined;
    if (!Array.isArray(bindings)) throw invalid('bindings without a "bindings" array');
    return bindings.flatMap((binding: unknown) =>
      isRecord(binding) && typeof binding['extension'] === 'string' && typeof binding['userId'] === 'string'
        ? [{ extension: binding['extension'], userId: binding['userId'] }]
        : [],
    );
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    if (this.rateLimited) {
      throw new Elma365PubApiException('rate_limited', 'ELMA365: waiting for Retry-After', {
        retryAfterMs: this.blockedUntilMs - this.nowMs(),
      });
    }
    await this.options.beforeRequest?.();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.options.token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        // A redirect would carry the token elsewhere.
        redirect: 'manual',
        signal: controller.signal,
      });
      const text = await response.text();
      if (response.status === 429) throw this.rateLimitedBy(response.headers.get('retry-after'));
      if (response.status < 200 || response.status >= 300) throw this.refused(method, path, response.status, text);
      const answer = parseJson(text, path);
      // ELMA365 may refuse inside a 200: the envelope's `success` is the verdict.
      if (isRecord(answer) && answer['success'] === false) throw this.refused(method, path, response.status, text);
      return answer;
    } catch (error: unknown) {
      if (error instanceof Elma365PubApiException) throw error;
      if (controller.signal.aborted) {
        throw new Elma365PubApiException('timeout', `ELMA365 ${path}: no answer within ${this.options.timeoutMs} ms`);
      }
      throw new Elma365PubApiException('network', `ELMA365 ${path} unreachable (${networkReason(error)})`);
    } finally {
      clearTimeout(timer);
    }
  }

  private rateLimitedBy(retryAfter: string | null): Elma365PubApiException {
    const waitMs = parseRetryAfterMs(retryAfter, this.nowMs());
    this.blockedUntilMs = Math.max(this.blockedUntilMs, this.nowMs() + waitMs);
    return new Elma365PubApiException('rate_limited', `ELMA365: 429, retry after ${waitMs} ms`, {
      retryAfterMs: waitMs,
      status: 429,
    });
  }

  private refused(method: string, path: string, status: number, text: string): Elma365PubApiException {
    const elmaError = this.masked(errorTextOf(text));
    const because = elmaError === undefined ? '' : `: ${elmaError}`;
    return new Elma365PubApiException('http', `ELMA365 ${method} ${path}: HTTP ${status}${because}`, {
      status,
      elmaError,
    });
  }

  /** ELMA365 echoes what it was sent; never let the token reach a log through it. */
  private masked(text: string | undefined): string | undefined {
    const token = this.options.token;
    return text === undefined || token === '' ? text : text.split(token).join('***');
  }
}

function appPath(namespace: string, code: string): string {
  return `/pub/v1/app/${encodeURIComponent(namespace)}/${encodeURIComponent(code)}`;
}

/** `{"success":true,"item":{"__id":…}}` */
function envelopeItem(body: unknown, what: string): Elma365Item {
  const item = isRecord(body) ? body['item'] : undefined;
  if (!isRecord(item) || typeof item['__id'] !== 'string') throw invalid(`${what} answered without item.__id`);
  return item;
}

/** The envelope's `error` text, cut short; undefined when the body has none. */
function errorTextOf(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
  const error = isRecord(body) ? body['error'] : undefined;
  return typeof error === 'string' && error !== '' ? error.slice(0, MAX_ERROR_TEXT) : undefined;
}

/** `{"success":true,"result":{"result":[...],"total":N}}` */
function listPage(body: unknown): Elma365ListPage {
  const result = isRecord(body) ? body['result'] : undefined;
  const items = isRecord(result) ? result['result'] : undefined;
  if (!Array.isArray(items)) throw invalid('a list without result.result');
  const total = isRecord(result) && typeof result['total'] === 'number' ? result['total'] : null;
  return { items: items.filter(isRecord), total };
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid(`${path} answered something other than JSON`);
  }
}

function invalid(what: string): Elma365PubApiException {
  return new Elma365PubApiException('invalid_response', `ELMA365: ${what}`);
}

function isRecord(value: unknown): value is Elma365Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
