import {
  type CheckedWebhookRequest,
  Elma365WebhookReceiver,
  jsonAnswer,
  LoopbackHttpServer,
  type ModuleWebhookAnswers,
  type WebhookAnswer,
  type WebhookExchange,
} from '@app/sandbox';

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

const ACCEPTED = jsonAnswer(200, {});
const TOO_MANY_REQUESTS = jsonAnswer(429, { success: false, error: 'too many requests' });

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
  private mode: Elma365StubMode = { kind: 'ok' };
  private readonly waiters = new Set<RequestWaiter>();
  private readonly receiver: Elma365WebhookReceiver;
  private http!: LoopbackHttpServer;

  private constructor(options: Elma365StubOptions) {
    this.receiver = new Elma365WebhookReceiver({
      ...options,
      moduleVersion: 'stub',
      policy: (request, module) => this.answer(request, module),
      onExchange: (exchange) => this.record(exchange),
    });
  }

  static async start(options: Elma365StubOptions): Promise<Elma365Stub> {
    const stub = new Elma365Stub(options);
    stub.http = await LoopbackHttpServer.start(stub.receiver.listener);
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

  private answer(request: CheckedWebhookRequest, module: ModuleWebhookAnswers): WebhookAnswer | 'hang' {
    const mode = this.mode;
    switch (mode.kind) {
      case 'ok':
        return (this.answerPings ? module.ping(request) : undefined) ?? ACCEPTED;
      case 'fail':
        return { status: mode.status, contentType: 'application/json', body: mode.body };
      case 'rate_limit':
        return { ...TOO_MANY_REQUESTS, headers: { 'retry-after': mode.retryAfter } };
      case 'hang':
        return 'hang';
    }
  }

  private record(exchange: WebhookExchange): void {
    const { method, path, headers, body, raw, receivedAtMs, tokenValid, status } = exchange;
    this.requests.push({
      method,
      path,
      headers,
      body,
      raw,
      receivedAtMs,
      signatureValid: exchange.signature.valid,
      tokenValid,
      status,
    });
    for (const waiter of this.waiters) {
      if (this.requests.length >= waiter.count) waiter.resolve();
    }
  }
}
