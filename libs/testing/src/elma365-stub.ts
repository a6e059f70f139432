import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackHttpServer } from './loopback-http-server';
import { verifyBearerToken, verifyWebhook } from '@app/elma365';
import { ModulePingResponder, pingPayloadOf } from '@app/sandbox';

export interface Elma365StubOptions {
  /** the module token the stub expects (Bearer and HMAC key) */
  token: string;
  /** signature timestamp tolerance (default 300 s) */
  toleranceSeconds?: number;
}

/** A request as the stub received it, with its verdicts. */
export interface Elma365StubRequest {
  readonly method: string;
  readonly path: string;
  /** lower-case names; repeated headers joined with ", " */
  readonly headers: Readonly<Record<string, string>>;
  /** the parsed JSON body; undefined when it was not JSON */
  readonly body: unknown;
  readonly raw: string;
  readonly receivedAtMs: number;
  readonly signatureValid: boolean;
  readonly tokenValid: boolean;
  /** what the stub answered; null while hanging */
  readonly status: number | null;
}

type Elma365StubMode =
  | { kind: 'ok' }
  | { kind: 'fail'; status: number; body: string }
  | { kind: 'rate_limit'; retryAfter: string }
  | { kind: 'hang' };

interface RequestWaiter {
  readonly count: number;
  readonly resolve: () => void;
}

/**
 * ELMA365's module webhook for e2e tests, on 127.0.0.1 at an OS-chosen port. Answers as the current mode
 * says (switchable at any time), records every request and checks its signature and token. In the `ok` mode a
 * doctor's `ping` is answered as the module answers it: 401 with the reason when the token or signature is wrong,
 * else 200 with the module's ping answer (`fail(401, text)` makes every request, pings included, refused).
 */
export class Elma365Stub {
  readonly requests: Elma365StubRequest[] = [];
  /** false: a ping gets 200 `{}`, as from an ELMA365 that does not relay what the script answers */
  answerPings = true;
  private readonly pings = new ModulePingResponder('stub');
  private mode: Elma365StubMode = { kind: 'ok' };
  private waiters = new Set<RequestWaiter>();
  private http!: LoopbackHttpServer;

  private constructor(private readonly options: Elma365StubOptions) {}

  static async start(options: Elma365StubOptions): Promise<Elma365Stub> {
    const stub = new Elma365Stub(options);
    stub.http = await LoopbackHttpServer.start((req, res) => stub.handle(req, res));
    return stub;
  }

  get port(): number {
    return this.http.port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/webhook`;
  }

  /** 200 `{}` (the default) */
  ok(): void {
    this.mode = { kind: 'ok' };
  }

  fail(status = 500, body = '{"success":false,"error":"stub failure"}'): void {
    this.mode = { kind: 'fail', status, body };
  }

  /** 429 with `Retry-After` (seconds, or any raw value such as an HTTP date) */
  rateLimit(retryAfter: number | string): void {
    this.mode = { kind: 'rate_limit', retryAfter: String(retryAfter) };
  }

  /** reads the request, never answers */
  hang(): void {
    this.mode = { kind: 'hang' };
  }

  /** closes the listening socket and every open connection: clients get ECONNREFUSED */
  refuse(): Promise<void> {
    return this.http.refuse();
  }

  /** listens again on the same port, in the current mode */
  resume(): Promise<void> {
    return this.http.resume();
  }

  /** Resolves with all requests once at least `count` have arrived. */
  async waitForRequests(count: number, timeoutMs = 3000): Promise<readonly Elma365StubRequest[]> {
    if (this.requests.length >= count) return this.requests;
    let waiter: RequestWaiter | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        waiter = { count, resolve };
        this.waiters.add(waiter);
        timer = setTimeout(
          () => reject(new Error(`Elma365Stub: ${this.requests.length} of ${count} requests within ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      return this.requests;
    } finally {
      clearTimeout(timer);
      if (waiter) this.waiters.delete(waiter);
    }
  }

  async close(): Promise<void> {
    this.waiters.clear();
    await this.http.refuse();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      // The verdict is taken before the request is recorded, so a test never sees a request without its answer.
      const raw = Buffer.concat(chunks).toString('utf8');
      const status = this.answerPing(req, res, raw) ?? this.answer(res);
      this.record(req, raw, status);
    });
  }

  private record(req: IncomingMessage, raw: string, status: number | null): void {
    const headers = flattenHeaders(req);
    const { token, toleranceSeconds } = this.options;
    this.requests.push({
      method: req.method ?? '',
      path: req.url ?? '',
      headers,
      body: parseJson(raw),
      raw,
      receivedAtMs: Date.now(),
      signatureValid: verifyWebhook(headers, raw, token, { toleranceSeconds }).valid,
      tokenValid: verifyBearerToken(headers, token),
      status,
    });
    for (const waiter of this.waiters) {
      if (this.requests.length >= waiter.count) waiter.resolve();
    }
  }

  /** The module's answer to a ping in the `ok` mode; undefined when the request is no ping or the mode is another. */
  private answerPing(req: IncomingMessage, res: ServerResponse, raw: string): number | undefined {
    const ping = pingPayloadOf(parseJson(raw));
    if (this.mode.kind !== 'ok' || ping === undefined || !this.answerPings) return undefined;
    const headers = flattenHeaders(req);
    const { token, toleranceSeconds } = this.options;
    const signature = verifyWebhook(headers, raw, token, { toleranceSeconds });
    if (!verifyBearerToken(headers, token) || !signature.valid) {
      const reason = signature.valid ? 'bad_token' : signature.reason;
      res
        .writeHead(401, { 'content-type': 'text/plain' })
        .end(`refused (${reason}); headers: ${Object.keys(headers).sort().join(', ')}`);
      return 401;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.pings.answer(ping, headers)));
    return 200;
  }

  private answer(res: ServerResponse): number | null {
    const mode = this.mode;
    switch (mode.kind) {
      case 'ok':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        return 200;
      case 'fail':
        res.writeHead(mode.status, { 'content-type': 'application/json' }).end(mode.body);
        return mode.status;
      case 'rate_limit':
        res
          .writeHead(429, { 'content-type': 'application/json', 'retry-after': mode.retryAfter })
          .end('{"success":false,"error":"too many requests"}');
        return 429;
      case 'hang':
        return null;
    }
  }
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
