import { AmiMessage } from '@app/ami';
import {
  type AmiActionBlock,
  type AmiBlockFields,
  type AmiLogin,
  AmiServer,
  type AmiSession,
  AMI_BANNER,
  answerPing,
  KIT_EVENTS_WRITE_CLASSES,
  KIT_ORIGINATE_WRITE_CLASSES,
  listCommandsHeaders,
  loadTrace,
  loginAcceptedAnswer,
  refuseLogin,
} from '@app/pbx-simulator';
import { type AmiTestConnection, ServedConnection } from './ami-test-connection';
import { ChangeWaiters } from './change-waiters';
import { TraceReplay } from './trace-replay';

export type { AmiTestConnection } from './ami-test-connection';

export interface AmiTestServerOptions {
  /**
   * Trace to replay: `01`, `01-inbound-answered` or an absolute `.ami` path. Each
   * successful login is served the next recorded session (see `<name>.sessions.json`);
   * logins beyond the recorded sessions get an idle session (banner + login, no events).
   */
  trace?: string;
  /** sessions file, when not `<trace>.sessions.json` next to the trace */
  sessionsPath?: string;
  /** accepted credentials (default `crm` / `crmS3cret`, as in the lab) */
  username?: string;
  secret?: string;
  /** banner when no trace session provides one (default `Asterisk Call Manager/11.0.0`) */
  banner?: string;
  /** write the session's bytes in chunks of this many bytes (default: one write) */
  chunkSize?: number;
  /** wait this long between chunks (default 0: all chunks written at once) */
  chunkDelayMs?: number;
  /**
   * Send the login response alone and wait this long before streaming. By default the
   * login response and the recorded events go out together, like a busy Asterisk does.
   */
  pauseAfterLoginMs?: number;
  /** replay at the recorded pace (from the `.jsonl`), this many times faster; unset = no pacing */
  paceSpeed?: number;
  /** Asterisk answers a wrong secret after ~1 s (default 0 here) */
  loginFailureDelayMs?: number;
  /** close the connection after the last recorded session too (default false: it stays open) */
  closeAfterLastSession?: boolean;
  /** answer `Ping` (default true; see `answerPings` to change it later) */
  answerPings?: boolean;
  /**
   * the user's `write =` classes in manager.conf: `ListCommands` lists only the actions they allow, as Asterisk
   * does (default `system,reporting,originate`: one user doing what the kit's two do; see `writeClasses` to change)
   */
  writeClasses?: readonly string[];
}

/** An action as the server received it. */
export interface ReceivedAmiAction {
  readonly connectionId: number;
  /** the `Action:` value as sent */
  readonly name: string;
  readonly message: AmiMessage;
  /** the exact bytes of the block, blank line included */
  readonly raw: Buffer;
  readonly receivedAtMs: number;
}

export interface AmiLoginAttempt {
  readonly connectionId: number;
  readonly username: string;
  readonly authType: 'plain' | 'md5';
  readonly accepted: boolean;
}

/** Decides the answer to an action; write it with `connection.respond(...)` (or do nothing). */
export type AmiActionHandler = (action: AmiMessage, connection: AmiTestConnection) => void;

/** Tests send what they like, a fuzzed Originate too: a larger cap than a simulated PBX's. */
const MAX_TEST_ACTION_BYTES = 1024 * 1024;

/**
 * A fake Asterisk AMI on 127.0.0.1 (OS-chosen port) for tests over real TCP, on the simulated PBX's AMI server
 * core: replays recorded traces session by session, checks plain and MD5 logins, answers Ping, ListCommands (by
 * `writeClasses`, which it does not enforce) and Logoff, records every action (parsed and raw) and login, and lets
 * a test script other actions, push bytes, drop clients and stop answering pings.
 *
 * ```ts
 * const server = await AmiTestServer.start({ trace: '15-reconnect', chunkSize: 1460 });
 * const client = new AmiClient({ ...server.clientOptions() });
 * ...
 * await server.close();
 * ```
 */
export class AmiTestServer {
  readonly host = '127.0.0.1';
  /** answer `Ping` actions; false simulates a hung Asterisk for keepalive tests */
  answerPings: boolean;
  /** what `ListCommands` answers from; change it to give the user other rights */
  writeClasses: readonly string[];
  private readonly ami: AmiServer;
  private readonly replay: TraceReplay | undefined;
  private readonly served = new Map<AmiSession, ServedConnection>();
  private readonly received: ReceivedAmiAction[] = [];
  private readonly loginAttempts: AmiLoginAttempt[] = [];
  private readonly waits = new ChangeWaiters('AmiTestServer');
  private readonly problems: Error[] = [];
  private closed = false;
  private credentials: { username: string; secret: string };

  private constructor(private readonly options: AmiTestServerOptions) {
    this.answerPings = options.answerPings ?? true;
    this.writeClasses = options.writeClasses ?? [...KIT_EVENTS_WRITE_CLASSES, ...KIT_ORIGINATE_WRITE_CLASSES];
    this.credentials = { username: options.username ?? 'crm', secret: options.secret ?? 'crmS3cret' };
    const { trace, sessionsPath } = options;
    this.replay = trace === undefined ? undefined : new TraceReplay(loadTrace(trace, sessionsPath), options);
    this.ami = new AmiServer({
      host: this.host,
      users: () => [{ ...this.credentials, writeClasses: this.writeClasses }],
      banner: () => this.replay?.nextBanner() ?? options.banner ?? AMI_BANNER,
      maxActionBytes: MAX_TEST_ACTION_BYTES,
      checkWriteClasses: false,
      login: (login, session) => this.login(login, session),
      observer: {
        opened: (session) => this.opened(session),
        received: (action, session) => this.record(action, session),
        answered: () => this.waits.changed(),
        failed: (error) => this.problems.push(error),
        closed: (session) => this.closedConnection(session),
      },
    })
      .handle('Ping', (action, session) => {
        if (this.answerPings) answerPing(action, session);
      })
      .handle('ListCommands', (action, session) =>
        session.respond(action, 'Success', listCommandsHeaders(this.writeClasses)),
      );
  }

  static async start(options: AmiTestServerOptions = {}): Promise<AmiTestServer> {
    const sut = new AmiTestServer(options);
    await sut.ami.listen();
    return sut;
  }

  /** the listening port (still known after close(), e.g. to test a refused connection) */
  get port(): number {
    return this.ami.port;
  }

  get username(): string {
    return this.credentials.username;
  }

  get secret(): string {
    return this.credentials.secret;
  }

  /** Changes the accepted credentials for later logins (an admin fixing the secret). */
  setCredentials(username: string, secret: string): void {
    this.credentials = { username, secret };
  }

  /** host, port and the accepted credentials, to spread into client options */
  clientOptions(): { host: string; port: number; username: string; secret: string } {
    return { host: this.host, port: this.port, username: this.username, secret: this.secret };
  }

  /** Handles `name` (case-insensitive) instead of the default; Login and Challenge stay built in. */
  onAction(name: string, handler: AmiActionHandler): this {
    this.ami.handle(name, (action, session) => this.runHandler(handler, action, session));
    return this;
  }

  /** every action received, in order, from all connections */
  get actions(): readonly ReceivedAmiAction[] {
    return [...this.received];
  }

  actionsNamed(name: string): ReceivedAmiAction[] {
    const lower = name.toLowerCase();
    return this.received.filter((a) => a.name.toLowerCase() === lower);
  }

  get logins(): readonly AmiLoginAttempt[] {
    return [...this.loginAttempts];
  }

  /** currently open connections */
  get connections(): AmiTestConnection[] {
    return [...this.served.values()].filter((c) => c.open);
  }

  /** connections accepted since start */
  get acceptedConnections(): number {
    return this.ami.accepted;
  }

  /** recorded sessions streamed to the end */
  get streamed(): number {
    return this.replay?.streamed ?? 0;
  }

  /** socket errors and protocol abuse seen on client connections (a test may assert it is empty) */
  get errors(): readonly Error[] {
    return [...this.problems];
  }

  /** Writes to every open connection. */
  send(data: string | Buffer): void {
    for (const c of this.connections) c.send(data);
  }

  sendBlock(fields: AmiBlockFields): void {
    for (const c of this.connections) c.sendBlock(fields);
  }

  /** Destroys every client connection, like a network failure. */
  dropClients(): void {
    for (const c of this.connections) c.drop();
  }

  /**
   * Resolves with probe()'s value once it is not undefined; re-checked on every
   * connection, action, login and end of a streamed session.
   */
  waitUntil<T>(probe: () => T | undefined, timeoutMs = 3000, what = 'condition'): Promise<T> {
    return this.waits.until(probe, timeoutMs, what);
  }

  /** the `nth` (0-based) received action with this name that matches `where` */
  waitForAction(
    name: string,
    options: { where?: (action: ReceivedAmiAction) => boolean; nth?: number; timeoutMs?: number } = {},
  ): Promise<ReceivedAmiAction> {
    const { where = () => true, nth = 0, timeoutMs } = options;
    return this.waitUntil(() => this.actionsNamed(name).filter(where)[nth], timeoutMs, `${name} action #${nth + 1}`);
  }

  waitForLogins(count: number, options: { accepted?: boolean; timeoutMs?: number } = {}): Promise<AmiLoginAttempt[]> {
    const { accepted, timeoutMs } = options;
    return this.waitUntil(
      () => {
        const found = this.loginAttempts.filter((l) => accepted === undefined || l.accepted === accepted);
        return found.length >= count ? found : undefined;
      },
      timeoutMs,
      `${count} login(s)`,
    );
  }

  waitForConnections(count: number, timeoutMs?: number): Promise<number> {
    return this.waitUntil(
      () => (this.acceptedConnections >= count ? this.acceptedConnections : undefined),
      timeoutMs,
      `${count} connection(s)`,
    );
  }

  /** resolves once `count` recorded sessions were written out completely */
  waitForStreamed(count = 1, timeoutMs?: number): Promise<number> {
    return this.waitUntil(
      () => (this.streamed >= count ? this.streamed : undefined),
      timeoutMs,
      `${count} streamed session(s)`,
    );
  }

  /** Drops all clients, stops listening and fails pending waits. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.served.values()) c.drop();
    this.waits.close('AmiTestServer closed', 'AmiTestServer is closed');
    await this.ami.close();
  }

  private connectionOf(session: AmiSession): ServedConnection {
    const connection = this.served.get(session);
    if (!connection) throw new Error(`AmiTestServer: connection ${session.id} is unknown`);
    return connection;
  }

  private opened(session: AmiSession): void {
    this.served.set(session, new ServedConnection(session));
    this.waits.changed();
  }

  private closedConnection(session: AmiSession): void {
    this.served.get(session)?.stopStreaming();
    this.served.delete(session);
    this.waits.changed();
  }

  private record(action: AmiActionBlock, session: AmiSession): void {
    const { name, raw } = action;
    this.received.push({
      connectionId: session.id,
      name,
      message: new AmiMessage(action.headers),
      raw,
      receivedAtMs: Date.now(),
    });
  }

  /** A throwing handler is a test bug: recorded in `errors` and answered with an Error the client sees. */
  private runHandler(handler: AmiActionHandler, action: AmiActionBlock, session: AmiSession): void {
    try {
      handler(new AmiMessage(action.headers), this.connectionOf(session));
    } catch (error) {
      const problem = error instanceof Error ? error : new Error(String(error));
      this.problems.push(problem);
      session.respond(action, 'Error', { Message: `AmiTestServer handler threw: ${problem.message}` });
    }
  }

  private login(login: AmiLogin, session: AmiSession): void {
    const { username, authType, user } = login;
    this.loginAttempts.push({ connectionId: session.id, username, authType, accepted: user !== undefined });
    const connection = this.connectionOf(session);
    if (user === undefined) {
      const delay = this.options.loginFailureDelayMs ?? 0;
      if (delay > 0) connection.later(() => refuseLogin(login, session), delay);
      else refuseLogin(login, session);
      return;
    }
    session.admit(user, login.action);
    const response = Buffer.from(loginAcceptedAnswer(login.action));
    if (!this.replay?.serve(connection, response, () => this.waits.changed())) connection.send(response);
  }
}
