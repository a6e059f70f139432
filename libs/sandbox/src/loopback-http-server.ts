import { createServer, type RequestListener, type Server } from 'node:http';

/**
 * An HTTP server on 127.0.0.1 that can be taken down (clients then get ECONNREFUSED) and brought back on the same
 * port — the lifecycle the ELMA365 stand-ins share.
 */
export class LoopbackHttpServer {
  private listening = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** `port` 0 (the default): chosen by the OS */
  static async start(handler: RequestListener, port = 0): Promise<LoopbackHttpServer> {
    const server = createServer(handler);
    await listen(server, port);
    const { port: bound } = server.address() as { port: number };
    const started = new LoopbackHttpServer(server, bound);
    started.listening = true;
    return started;
  }

  /** closes the listening socket and every open connection */
  async refuse(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      // Keep-alive and hung connections would otherwise keep the port answering and close() waiting.
      this.server.closeAllConnections();
    });
  }

  /** listens again on the same port */
  async resume(): Promise<void> {
    if (this.listening) return;
    await listen(this.server, this.port);
    this.listening = true;
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
