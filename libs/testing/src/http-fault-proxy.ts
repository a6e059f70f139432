import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { LoopbackHttpServer } from '@app/sandbox';

/** An answer the proxy gives itself instead of forwarding. */
export interface HttpFault {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Decides per request (numbered from 1): a fault to answer with, or undefined to forward it. */
export type HttpFaultPolicy = (request: {
  readonly n: number;
  readonly method: string;
  readonly path: string;
}) => HttpFault | undefined;

export interface HttpFaultProxyRequest {
  readonly n: number;
  readonly path: string;
  readonly receivedAtMs: number;
  /** what the client got: the fault's status, or the upstream's */
  readonly status: number;
  readonly faulted: boolean;
}

/**
 * An HTTP proxy on 127.0.0.1 in front of a test server (the ELMA365 stub): forwards every request as it is, unless
 * the current policy answers it with a fault (a 429 storm, 503s for a while). Records what it did with each request.
 */
export class HttpFaultProxy {
  readonly requests: HttpFaultProxyRequest[] = [];
  private policy: HttpFaultPolicy = () => undefined;
  private http!: LoopbackHttpServer;
  private count = 0;

  private constructor(private readonly upstream: URL) {}

  /** `upstream`: the server's base URL, e.g. `http://127.0.0.1:4321` */
  static async start(upstream: string): Promise<HttpFaultProxy> {
    const proxy = new HttpFaultProxy(new URL(upstream));
    proxy.http = await LoopbackHttpServer.start((req, res) => proxy.handle(req, res));
    return proxy;
  }

  get port(): number {
    return this.http.port;
  }

  /** The proxy's URL for an upstream URL: same path and query, the proxy's host. */
  urlFor(upstreamUrl: string): string {
    const url = new URL(upstreamUrl);
    return `http://127.0.0.1:${this.port}${url.pathname}${url.search}`;
  }

  /** From now on, faults as `policy` says; `forwardAll()` ends them. */
  faults(policy: HttpFaultPolicy): void {
    this.policy = policy;
  }

  forwardAll(): void {
    this.policy = () => undefined;
  }

  async close(): Promise<void> {
    await this.http.refuse();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const n = ++this.count;
    const path = req.url ?? '/';
    const receivedAtMs = Date.now();
    const fault = this.policy({ n, method: req.method ?? '', path });
    if (fault) {
      req.resume();
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers }).end(fault.body ?? '{}');
      this.requests.push({ n, path, receivedAtMs, status: fault.status, faulted: true });
      return;
    }
    const upstream = httpRequest(
      {
        host: this.upstream.hostname,
        port: this.upstream.port,
        method: req.method,
        path,
        headers: { ...req.headers, host: this.upstream.host },
      },
      (answer) => {
        this.requests.push({ n, path, receivedAtMs, status: answer.statusCode ?? 0, faulted: false });
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      this.requests.push({ n, path, receivedAtMs, status: 502, faulted: true });
      res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error.message }));
    });
    req.pipe(upstream);
  }
}
