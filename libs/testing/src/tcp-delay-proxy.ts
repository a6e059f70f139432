import { createServer, type Server, type Socket, connect } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 that holds every chunk from the client back `delayMs` before passing it on, in order; the
 * answers come back at once. In front of PostgreSQL it adds `delayMs` to every round trip, as a database on another
 * host or a slow disk's commits would.
 */
export class TcpDelayProxy {
  private constructor(
    private readonly server: Server,
    private readonly sockets: Set<Socket>,
    readonly port: number,
  ) {}

  /** Listens on 127.0.0.1 (a free port) and forwards to `upstreamHost:upstreamPort`. */
  static async start(upstreamHost: string, upstreamPort: number, delayMs: number): Promise<TcpDelayProxy> {
    const sockets = new Set<Socket>();
    const server = createServer((client) => {
      const upstream = connect(upstreamPort, upstreamHost);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        // A reset on either side ends both; the peer sees the connection drop, as through a real network.
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.on('data', (chunk: Buffer) => {
        // Equal delays keep the order: Node runs timers of one duration in the order they were set.
        setTimeout(() => {
          if (!upstream.destroyed) upstream.write(chunk);
        }, delayMs);
      });
      client.on('end', () => setTimeout(() => upstream.end(), delayMs));
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new TcpDelayProxy(server, sockets, (server.address() as { port: number }).port);
  }

  /** `url` (postgres://…@host:port/db) pointed at this proxy. */
  urlFor(url: string): string {
    return throughLocalPort(url, this.port);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** `url` with its host and port replaced by 127.0.0.1:`port` (a proxy in front of the server it names). */
export function throughLocalPort(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
}
