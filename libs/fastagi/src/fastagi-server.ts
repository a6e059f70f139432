import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { serveFastAgiConnection, type AgiHandler, type FastAgiConnectionContext } from './fastagi-connection';
import { silentFastAgiLogger } from './fastagi-logger';
import { FASTAGI_DEFAULTS, type FastAgiServerOptions } from './fastagi-server.options';

/**
 * A FastAGI server (`AGI(agi://host:4573/<script>)`): one handler per script path, a hard deadline per
 * session, a bound on concurrent sessions. Knows the AGI protocol only.
 */
export class FastAgiServer {
  private readonly handlers = new Map<string, AgiHandler>();
  private readonly sockets = new Set<Socket>();
  private readonly context: FastAgiConnectionContext;
  private server: Server | null = null;

  constructor(private readonly options: FastAgiServerOptions) {
    this.context = {
      deadlineMs: options.deadlineMs,
      graceMs: options.graceMs ?? FASTAGI_DEFAULTS.graceMs,
      maxLineChars: options.maxLineChars ?? FASTAGI_DEFAULTS.maxLineChars,
      environmentTimeoutMs: options.environmentTimeoutMs ?? FASTAGI_DEFAULTS.environmentTimeoutMs,
      logger: options.logger ?? silentFastAgiLogger,
      handlerFor: (script) => this.handlers.get(script),
    };
  }

  /** `script` as in the AGI URL, without slashes: `route` for `agi://host:4573/route`. */
  route(script: string, handler: AgiHandler): this {
    this.handlers.set(script.replace(/^\/+|\/+$/g, ''), handler);
    return this;
  }

  get activeSessions(): number {
    return this.sockets.size;
  }

  address(): AddressInfo | null {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address : null;
  }

  async listen(port: number, host: string): Promise<AddressInfo> {
    if (this.server) throw new Error('FastAGI server already listening');
    const server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error: Error) => this.context.logger.error(`FastAGI server: ${error.message}`));
    this.server = server;
    return server.address() as AddressInfo;
  }

  /** Stops accepting and drops the sessions still open (they are past any use by then). */
  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private accept(socket: Socket): void {
    socket.on('error', () => {});
    if (this.sockets.size >= this.options.maxSessions) {
      this.context.logger.warn(`FastAGI: ${this.sockets.size} sessions open, refusing one more`);
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    const allowPeer = this.options.allowPeer;
    if (!allowPeer) return serveFastAgiConnection(socket, this.context);
    // Counted as a session while the peer is checked: a flood of strangers cannot grow without bound.
    void allowPeer(socket.remoteAddress)
      .catch(() => false)
      .then((allowed) => {
        if (socket.destroyed) return;
        if (allowed) return serveFastAgiConnection(socket, this.context);
        this.context.logger.warn(`FastAGI: refused a session from ${socket.remoteAddress ?? 'an unknown address'}`);
        socket.destroy();
      });
  }
}
