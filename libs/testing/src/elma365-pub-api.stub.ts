import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackHttpServer, parseJsonOrUndefined, readBody } from '@app/sandbox';

export type Elma365StubItem = Readonly<Record<string, unknown>>;

export interface Elma365PubApiStubData {
  /** items per app, keyed `namespace/code` */
  readonly apps?: Readonly<Record<string, readonly Elma365StubItem[]>>;
  readonly users?: readonly Elma365StubItem[];
  /** per telephony module code */
  readonly bindings?: Readonly<Record<string, readonly { extension: string; userId: string }[]>>;
}

/** A request as the stub received it. */
export interface Elma365PubApiStubRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly authorized: boolean;
  readonly receivedAtMs: number;
}

/** A business process start as the stub received it. */
export interface Elma365PubApiStubProcessRun {
  /** `namespace/code` of the template */
  readonly template: string;
  readonly context: Readonly<Record<string, unknown>>;
  /** the instance id the stub answered */
  readonly instanceId: string;
}

type StubMode =
  | { kind: 'ok' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'fail'; status: number; error: string; only?: RegExp }
  | { kind: 'rate_limit'; retryAfter: string };

interface StubAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * ELMA365's `/pub/v1` for e2e tests, on 127.0.0.1 at an OS-chosen port: app item lists with the `tf`
 * substring filter, item create and update (kept per app), process starts, users, telephony bindings,
 * Bearer auth. Switchable to slow, failing, 429 or refusing; records every request.
 */
export class Elma365PubApiStub {
  readonly requests: Elma365PubApiStubRequest[] = [];
  readonly processRuns: Elma365PubApiStubProcessRun[] = [];
  /** items per app as created and updated through the API, seeded from `data.apps` */
  private apps = new Map<string, Elma365StubItem[]>();
  private mode: StubMode = { kind: 'ok' };
  private readonly timers = new Set<NodeJS.Timeout>();
  private http!: LoopbackHttpServer;

  private constructor(
    private readonly token: string,
    private data: Elma365PubApiStubData,
  ) {
    this.setData(data);
  }

  static async start(options: { token: string; data?: Elma365PubApiStubData }): Promise<Elma365PubApiStub> {
    const stub = new Elma365PubApiStub(options.token, options.data ?? {});
    stub.http = await LoopbackHttpServer.start((req, res) => stub.handle(req, res));
    return stub;
  }

  get port(): number {
    return this.http.port;
  }

  /** the company base URL, without `/pub/v1` */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** replaces everything, items created through the API included */
  setData(data: Elma365PubApiStubData): void {
    this.data = data;
    this.apps = new Map(Object.entries(data.apps ?? {}).map(([app, items]) => [app, [...items]]));
  }

  /** the items an app holds now (`namespace/code`) */
  items(app: string): readonly Elma365StubItem[] {
    return this.apps.get(app) ?? [];
  }

  /** answers requests whose path matches with `status` and `{"success":false,"error":error}`; others as usual */
  failRequestsTo(path: RegExp, status = 500, error = 'stub failure'): void {
    this.mode = { kind: 'fail', status, error, only: path };
  }

  ok(): void {
    this.mode = { kind: 'ok' };
  }

  /** answers correctly, after `delayMs` */
  slow(delayMs: number): void {
    this.mode = { kind: 'slow', delayMs };
  }

  /** answers every request with `status` and `{"success":false,"error":error}` */
  fail(status = 500, error = 'stub failure'): void {
    this.mode = { kind: 'fail', status, error };
  }

  /** 429 with `Retry-After` (seconds, or any raw value) */
  rateLimit(retryAfter: number | string): void {
    this.mode = { kind: 'rate_limit', retryAfter: String(retryAfter) };
  }

  /** closes the listening socket and open connections: clients get ECONNREFUSED */
  refuse(): Promise<void> {
    return this.http.refuse();
  }

  resume(): Promise<void> {
    return this.http.resume();
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.http.refuse();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    // A body cut off by the client is no request: nothing to record or answer.
    void readBody(req).then(
      (raw) => this.receive(req, res, raw),
      () => undefined,
    );
  }

  private receive(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const request: Elma365PubApiStubRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      body: parseJsonOrUndefined(raw),
      authorized: req.headers.authorization === `Bearer ${this.token}`,
      receivedAtMs: Date.now(),
    };
    this.requests.push(request);
    const answer = this.answer(request);
    const delayMs = this.mode.kind === 'slow' ? this.mode.delayMs : 0;
    if (delayMs === 0) return send(res, answer);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      send(res, answer);
    }, delayMs);
    this.timers.add(timer);
  }

  private answer(request: Elma365PubApiStubRequest): StubAnswer {
    const mode = this.mode;
    if (mode.kind === 'rate_limit') {
      return {
        status: 429,
        body: { success: false, error: 'too many requests' },
        headers: { 'retry-after': mode.retryAfter },
      };
    }
    if (mode.kind === 'fail' && (mode.only === undefined || mode.only.test(request.path))) {
      return { status: mode.status, body: { success: false, error: mode.error } };
    }
    if (!request.authorized) return { status: 403, body: { success: false, error: 'forbidden' } };
    return this.route(request);
  }

  private route({ method, path, body }: Elma365PubApiStubRequest): StubAnswer {
    const list = /^\/pub\/v1\/app\/([^/]+)\/([^/]+)\/list$/.exec(path);
    if (method === 'POST' && list) {
      const app = `${decodeURIComponent(list[1])}/${decodeURIComponent(list[2])}`;
      const items = this.items(app).filter((item) => matchesTableFilter(item, tableFilterOf(body)));
      return listAnswer(items, body);
    }
    const create = /^\/pub\/v1\/app\/([^/]+)\/([^/]+)\/create$/.exec(path);
    if (method === 'POST' && create) return this.create(appOf(create), body);
    const update = /^\/pub\/v1\/app\/([^/]+)\/([^/]+)\/([^/]+)\/update$/.exec(path);
    if (method === 'POST' && update) return this.update(appOf(update), decodeURIComponent(update[3]), body);
    const run = /^\/pub\/v1\/bpm\/template\/([^/]+)\/([^/]+)\/run$/.exec(path);
    if (method === 'POST' && run) return this.run(appOf(run), body);
    if (method === 'POST' && path === '/pub/v1/user/list') return listAnswer(this.data.users ?? [], body);
    const bindings = /^\/pub\/v1\/integration\/([^/]+)\/voip\/bindings$/.exec(path);
    if (method === 'GET' && bindings) {
      const found = this.data.bindings?.[decodeURIComponent(bindings[1])];
      if (found === undefined) return { status: 400, body: { success: false, error: 'module disabled' } };
      return { status: 200, body: { bindings: found } };
    }
    return { status: 404, body: { success: false, error: 'not found' } };
  }

  private create(app: string, body: unknown): StubAnswer {
    const context = contextOf(body);
    if (context === undefined) return { status: 400, body: { success: false, error: 'context is required' } };
    const item: Elma365StubItem = { ...context, __id: randomUUID() };
    this.apps.set(app, [...this.items(app), item]);
    return { status: 200, body: { success: true, item } };
  }

  private update(app: string, id: string, body: unknown): StubAnswer {
    const context = contextOf(body);
    if (context === undefined) return { status: 400, body: { success: false, error: 'context is required' } };
    const items = this.items(app);
    const index = items.findIndex((item) => item['__id'] === id);
    if (index < 0) return { status: 404, body: { success: false, error: 'item not found' } };
    const item: Elma365StubItem = { ...items[index], ...context, __id: id };
    this.apps.set(
      app,
      items.map((existing, i) => (i === index ? item : existing)),
    );
    return { status: 200, body: { success: true, item } };
  }

  private run(template: string, body: unknown): StubAnswer {
    const context = contextOf(body);
    if (context === undefined) return { status: 400, body: { success: false, error: 'context is required' } };
    const instanceId = randomUUID();
    this.processRuns.push({ template, context, instanceId });
    return { status: 200, body: { success: true, context: { ...context, __id: instanceId } } };
  }
}

function appOf(match: RegExpExecArray): string {
  return `${decodeURIComponent(match[1])}/${decodeURIComponent(match[2])}`;
}

function contextOf(body: unknown): Record<string, unknown> | undefined {
  const context = isRecord(body) ? body['context'] : undefined;
  return isRecord(context) ? context : undefined;
}

function listAnswer(items: readonly Elma365StubItem[], body: unknown): StubAnswer {
  const from = numberField(body, 'from', 0);
  const size = numberField(body, 'size', 100);
  return {
    status: 200,
    body: { success: true, result: { result: items.slice(from, from + size), total: items.length } },
  };
}

function tableFilterOf(body: unknown): Record<string, unknown> {
  const filter = isRecord(body) ? body['filter'] : undefined;
  const tf = isRecord(filter) ? filter['tf'] : undefined;
  return isRecord(tf) ? tf : {};
}

/**
 * ELMA365's `tf`: strings match case-insensitive substrings of the field (of each `tel`/`email` in lists); a
 * Phone is also matched by its digits, so `9161234567` finds a number typed as `8 (916) 123-45-67`.
 */
function matchesTableFilter(item: Elma365StubItem, tf: Record<string, unknown>): boolean {
  return Object.entries(tf).every(([field, wanted]) => {
    if (typeof wanted !== 'string') return true;
    const texts = searchableTexts(item[field]);
    if (texts.some((text) => text.toLowerCase().includes(wanted.toLowerCase()))) return true;
    const wantedDigits = digitsOf(wanted);
    return wantedDigits !== '' && telsOf(item[field]).some((tel) => digitsOf(tel).includes(wantedDigits));
  });
}

function telsOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => (isRecord(entry) && typeof entry['tel'] === 'string' ? [entry['tel']] : []));
}

function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

function searchableTexts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    if (typeof entry === 'string') return [entry];
    if (!isRecord(entry)) return [];
    return Object.values(entry).filter((v): v is string => typeof v === 'string');
  });
}

function numberField(body: unknown, name: string, fallback: number): number {
  const value = isRecord(body) ? body[name] : undefined;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}

function send(res: ServerResponse, answer: StubAnswer): void {
  if (res.destroyed) return;
  res
    .writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
    .end(JSON.stringify(answer.body));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
