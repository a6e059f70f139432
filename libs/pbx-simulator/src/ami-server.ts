import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import {
  type AmiLoginHandler,
  AmiSession,
  type AmiSessionHandler,
  type AmiSessionObserver,
  type AmiSessionRules,
  type AmiUser,
} from './ami-session';
import { AMI_BANNER, answerLogin, STANDARD_ANSWERS } from './asterisk-answers';

export interface AmiServerOptions {
  /** default 127.0.0.1 */
  readonly host?: string;
  /** default 0: chosen by the OS */
  readonly port?: number;
  /** the users of manager.conf, asked at every Login (so they may change while the server runs) */
  readonly users: () => readonly AmiUser[];
  /** the first line a new client reads, asked for each (default {@link AMI_BANNER}) */
  readonly banner?: () => string;
  /** a client's action beyond this many bytes without an end is not an AMI client (default 64 KiB) */
  readonly maxActionBytes?: number;
  /** default true, as Asterisk; false: a logged-in user may send any action, whatever its write classes */
  readonly checkWriteClasses?: boolean;
  /** answers a checked Login (default {@link answerLogin}, as Asterisk) */
  readonly login?: AmiLoginHandler;
  readonly observer?: AmiSessionObserver;
}

const DEFAULT_MAX_ACTION_BYTES = 64 * 1024;

/**
 * A simulated Asterisk's AMI listener: one {@link AmiSession} per client, the actions answered by the handlers
 * registered by name (Ping, Logoff and ListCommands as Asterisk answers them unless replaced), events broadcast to
 * the sessions that asked for them.
 *
 * ```ts
 * const ami = new AmiServer({ users: () => [{ username: 'crm', secret: 's3cret', writeClasses: ['system'] }] });
 * ami.handle('CoreShowChannels', (action, session) => session.send(coreShowChannelsAnswer(action, [])));
 * await ami.listen();
 * ```
 */
export class AmiServer {
  private readonly server: Server;
  private readonly handlers = new Map<string, AmiSessionHandler>(Object.entries(STANDARD_ANSWERS));
  private readonly sessionsSeen = new Set<AmiSession>();
  private readonly rules: Omit<AmiSessionRules, 'banner'>;
  private acceptedCount = 0;
  private listeningPort = 0;
  private closed = false;

  constructor(private readonly options: AmiServerOptions) {
    const observer = options.observer ?? {};
    this.rules = {
      maxActionBytes: options.maxActionBytes ?? DEFAULT_MAX_ACTION_BYTES,
      users: options.users,
      checkWriteClasses: options.checkWriteClasses ?? true,
      login: options.login ?? answerLogin,
      handler: (name) => this.handlers.get(name),
      observer: {
        ...observer,
        closed: (session) => {
          this.sessionsSeen.delete(session);
          observer.closed?.(session);
        },
      },
    };
    this.server = createServer((socket) => this.accept(socket));
  }

  get host(): string {
    return this.options.host ?? '127.0.0.1';
  }

  /** the listening port (still known after close(), e.g. to test a refused connection) */
  get port(): number {
    return this.listeningPort;
  }

  /** clients accepted since start */
  get accepted(): number {
    return this.acceptedCount;
  }

  /** the sessions open now */
  get sessions(): AmiSession[] {
    return [...this.sessionsSeen].filter((session) => session.open);
  }

  /** Answers `name` (case-insensitive) with `handler`, instead of a standard answer or `Invalid/unknown command`. */
  handle(name: string, handler: AmiSessionHandler): this {
    this.handlers.set(name.toLowerCase(), handler);
    return this;
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.host, () => {
        this.server.off('error', reject);
        this.listeningPort = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
    return this;
  }

  /** Writes what happens on the PBX to every session logged in for events. */
  broadcast(data: string | Buffer): void {
    for (const session of this.sessionsSeen) if (session.receivesEvents) session.send(data);
  }

  /** Drops every client and stops listening; a second call does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const session of this.sessionsSeen) session.drop();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private accept(socket: Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.acceptedCount += 1;
    const banner = this.options.banner?.() ?? AMI_BANNER;
    const session = new AmiSession(this.acceptedCount, socket, { ...this.rules, banner });
    this.sessionsSeen.add(session);
    this.rules.observer.opened?.(session);
  }
}
