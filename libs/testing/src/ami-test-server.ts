import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { AmiFrameParser, AmiMessage } from '@app/ami';
import { KIT_EVENTS_WRITE_CLASSES, KIT_ORIGINATE_WRITE_CLASSES, listCommandsHeaders } from '@app/sandbox';
import { AmiTrace, AmiTraceSession, loadTrace, loadTraceTimeline } from './ami-trace';
import {
  AmiBlockFields,
  AmiBlockSplitter,
  amiLoginAccepted,
  amiTimestamp,
  formatAmiBlock,
  newAmiChallenge,
} from '@app/pbx-simulator';

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

/** A client connection, as handlers and tests see it. */
export interface AmiTestConnection {
  readonly id: number;
  readonly authenticated: boolean;
  /** the recorded session served to it (1-based), if any */
  readonly session: number | undefined;
  readonly open: boolean;
  send(data: string | Buffer): void;
  sendBlock(fields: AmiBlockFields): void;
  /** `Response: <response>`, the action's `ActionID`, then `fields` */
  respond(to: AmiMessage, response: string, fields?: AmiBlockFields): void;
  /** abrupt close (RST-like), as a network failure */
  drop(): void;
  /** orderly close after what was written */
  end(): void;
}

/** Decides the answer to an action; write it with `connection.respond(...)` (or do nothing). */
export type AmiActionHandler = (action: AmiMessage, connection: AmiTestConnection) => void;

interface Segment {
  readonly bytes: Buffer;
  readonly delayMs: number;
}

interface Waiter {
  readonly check: () => void;
  readonly fail: (error: Error) => void;
}

const DEFAULT_BANNER = 'Asterisk Call Manager/11.0.0';

/**
 * A fake Asterisk AMI on 127.0.0.1 (OS-chosen port) for tests over real TCP: replays
 * recorded traces session by session, checks plain and MD5 logins, answers Ping,
 * ListCommands (by `writeClasses`) and Logoff, records every action (parsed and raw), and lets a test script other actions,
 * push bytes, drop clients and stop answering pings.
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
  private readonly trace?: AmiTrace;
  private readonly handlers = new Map<string, AmiActionHandler>();
  private readonly served = new Set<ServedConnection>();
  private readonly received: ReceivedAmiAction[] = [];
  private readonly loginAttempts: AmiLoginAttempt[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly problems: Error[] = [];
  private accepted = 0;
  private nextSession = 0;
  private streamedSessions = 0;
  private closed = false;
  private credentials: { username: string; secret: string };
  private listeningPort = 0;

  private constructor(
    private readonly server: Server,
    private readonly options: AmiTestServerOptions,
  ) {
    this.answerPings = options.answerPings ?? true;
    this.writeClasses = options.writeClasses ?? [...KIT_EVENTS_WRITE_CLASSES, ...KIT_ORIGINATE_WRITE_CLASSES];
    this.credentials = { username: options.username ?? 'crm', secret: options.secret ?? 'crmS3cret' };
    if (options.trace !== undefined) this.trace = loadTrace(options.trace, options.sessionsPath);
    server.on('connection', (socket) => this.accept(socket));
  }

  static async start(options: AmiTestServerOptions = {}): Promise<AmiTestServer> {
    const server = createServer();
    const sut = new AmiTestServer(server, options);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        sut.listeningPort = (server.address() as AddressInfo).port;
        resolve();
      });
    });
    return sut;
  }

  /** the listening port (still known after close(), e.g. to test a refused connection) */
  get port(): number {
    return this.listeningPort;
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
    this.handlers.set(name.toLowerCase(), handler);
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
    return [...this.served].filter((c) => c.open);
  }

  /** connections accepted since start */
  get acceptedConnections(): number {
    return this.accepted;
  }

  /** recorded sessions streamed to the end */
  get streamed(): number {
    return this.streamedSessions;
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
    this.send(formatAmiBlock(fields));
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
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          let value: T | undefined;
          try {
            value = probe();
          } catch (error) {
            waiter.fail(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          if (value === undefined) return;
          done();
          resolve(value);
        },
        fail: (error) => {
          done();
          reject(error);
        },
      };
      const timer = setTimeout(
        () => waiter.fail(new Error(`AmiTestServer: no ${what} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      if (this.closed) return waiter.fail(new Error('AmiTestServer is closed'));
      this.waiters.add(waiter);
      waiter.check();
    });
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
      () => (this.accepted >= count ? this.accepted : undefined),
      timeoutMs,
      `${count} connection(s)`,
    );
  }

  /** resolves once `count` recorded sessions were written out completely */
  waitForStreamed(count = 1, timeoutMs?: number): Promise<number> {
    return this.waitUntil(
      () => (this.streamedSessions >= count ? this.streamedSessions : undefined),
      timeoutMs,
      `${count} streamed session(s)`,
    );
  }

  /** Drops all clients, stops listening and fails pending waits. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.served) c.drop();
    for (const w of [...this.waiters]) w.fail(new Error('AmiTestServer closed'));
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private changed(): void {
    for (const w of [...this.waiters]) w.check();
  }

  private accept(socket: Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.accepted += 1;
    socket.setNoDelay(true);
    const connection = new ServedConnection(this.accepted, socket);
    this.served.add(connection);
    const splitter = new AmiBlockSplitter();
    socket.on('data', (chunk: Buffer) => {
      let blocks;
      try {
        blocks = splitter.push(chunk);
      } catch (error) {
        this.problems.push(error instanceof Error ? error : new Error(String(error)));
        connection.drop();
        return;
      }
      for (const block of blocks) {
        if (!connection.open) return;
        const message = messageOf(block.raw);
        if (message) this.handle(connection, message, block.raw);
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // a client that destroys its socket is a normal test case, anything else is reported
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') this.problems.push(error);
      connection.drop();
    });
    socket.on('close', () => {
      connection.stopStreaming();
      this.served.delete(connection);
      this.changed();
    });
    connection.send(`${this.peekBanner()}\r\n`);
    this.changed();
  }

  private handle(connection: ServedConnection, message: AmiMessage, raw: Buffer): void {
    const name = message.get('Action') ?? '';
    this.received.push({ connectionId: connection.id, name, message, raw, receivedAtMs: Date.now() });
    const lower = name.toLowerCase();
    if (lower === 'challenge') this.challenge(connection, message);
    else if (lower === 'login') this.login(connection, message);
    else if (!connection.authenticated && lower !== 'logoff') {
      connection.respond(message, 'Error', { Message: 'Permission denied' });
    } else if (this.handlers.has(lower)) this.runHandler(lower, message, connection);
    else if (lower === 'ping') {
      if (this.answerPings) connection.respond(message, 'Success', { Ping: 'Pong', Timestamp: amiTimestamp() });
    } else if (lower === 'listcommands') {
      connection.respond(message, 'Success', listCommandsHeaders(this.writeClasses));
    } else if (lower === 'logoff') {
      connection.respond(message, 'Goodbye', { Message: 'Thanks for all the fish.' });
      connection.end();
    } else connection.respond(message, 'Error', { Message: 'Invalid/unknown command' });
    this.changed();
  }

  /** A throwing handler is a test bug: recorded in `errors` and answered with an Error the client sees. */
  private runHandler(name: string, message: AmiMessage, connection: ServedConnection): void {
    try {
      this.handlers.get(name)?.(message, connection);
    } catch (error) {
      const problem = error instanceof Error ? error : new Error(String(error));
      this.problems.push(problem);
      connection.respond(message, 'Error', { Message: `AmiTestServer handler threw: ${problem.message}` });
    }
  }

  private challenge(connection: ServedConnection, message: AmiMessage): void {
    if (message.get('AuthType')?.toLowerCase() !== 'md5') {
      connection.respond(message, 'Error', { Message: 'Must specify AuthType' });
      return;
    }
    connection.challenge = newAmiChallenge();
    connection.respond(message, 'Success', { Challenge: connection.challenge });
  }

  private login(connection: ServedConnection, message: AmiMessage): void {
    const username = message.get('Username') ?? '';
    const md5 = message.get('AuthType')?.toLowerCase() === 'md5';
    const offer = { authType: message.get('AuthType'), secret: message.get('Secret'), key: message.get('Key') };
    const accepted = username === this.username && amiLoginAccepted(offer, this.secret, connection.challenge);
    this.loginAttempts.push({ connectionId: connection.id, username, authType: md5 ? 'md5' : 'plain', accepted });
    if (!accepted) {
      const refuse = () => {
        connection.respond(message, 'Error', { Message: 'Authentication failed' });
        connection.end();
      };
      const delay = this.options.loginFailureDelayMs ?? 0;
      if (delay > 0) connection.later(refuse, delay);
      else refuse();
      return;
    }
    connection.authenticated = true;
    const response = Buffer.from(
      formatAmiBlock([
        ['Response', 'Success'],
        ['ActionID', message.actionId ?? ''],
        ['Message', 'Authentication accepted'],
      ]),
    );
    const session = this.trace?.sessions[this.nextSession];
    if (!this.trace || !session) {
      connection.send(response);
      return;
    }
    this.nextSession += 1;
    connection.session = session.session;
    const last = this.nextSession === this.trace.sessions.length;
    const close = !last || (this.options.closeAfterLastSession ?? false);
    connection.stream(this.segments(this.trace, session, response), () => {
      this.streamedSessions += 1;
      if (close) connection.end();
      this.changed();
    });
  }

  private peekBanner(): string {
    const session = this.trace?.sessions[this.nextSession];
    return (session && this.trace && splitSession(this.trace, session).banner) ?? this.options.banner ?? DEFAULT_BANNER;
  }

  private segments(trace: AmiTrace, session: AmiTraceSession, loginResponse: Buffer): Segment[] {
    const { streamStart } = splitSession(trace, session);
    const { chunkSize, chunkDelayMs = 0, pauseAfterLoginMs, paceSpeed } = this.options;
    const body = trace.bytes.subarray(streamStart, session.endByte);
    if (paceSpeed !== undefined) {
      return [{ bytes: loginResponse, delayMs: 0 }, ...this.pacedSegments(trace, streamStart, session.endByte)];
    }
    if (pauseAfterLoginMs !== undefined) {
      const rest = chunk(body, chunkSize, chunkDelayMs);
      if (rest.length > 0) rest[0] = { bytes: rest[0].bytes, delayMs: pauseAfterLoginMs };
      return [{ bytes: loginResponse, delayMs: 0 }, ...rest];
    }
    return chunk(Buffer.concat([loginResponse, body]), chunkSize, chunkDelayMs);
  }

  private pacedSegments(trace: AmiTrace, from: number, to: number): Segment[] {
    const speed = this.options.paceSpeed ?? 1;
    const timeline = loadTraceTimeline(trace.amiPath);
    let previousAt = timeline.find((b) => b.startByte < from && b.endByte >= from)?.atMs ?? 0;
    const out: Segment[] = [];
    for (const block of timeline) {
      if (block.endByte <= from || block.startByte >= to) continue;
      const bytes = trace.bytes.subarray(Math.max(from, block.startByte), Math.min(to, block.endByte));
      const pieces = chunk(bytes, this.options.chunkSize, this.options.chunkDelayMs ?? 0);
      pieces[0] = { bytes: pieces[0].bytes, delayMs: Math.max(0, (block.atMs - previousAt) / speed) };
      out.push(...pieces);
      previousAt = block.atMs;
    }
    return out;
  }
}

/** The recorded session's banner and where its stream starts, past the recorded login response. */
function splitSession(trace: AmiTrace, session: AmiTraceSession): { banner?: string; streamStart: number } {
  const { bytes } = trace;
  const eol = bytes.indexOf('\n', session.startByte);
  if (eol === -1 || eol >= session.endByte) return { streamStart: session.startByte };
  const firstLine = bytes.toString('utf8', session.startByte, eol).replace(/\r$/, '');
  if (firstLine.includes(':')) return { streamStart: session.startByte };
  let streamStart = eol + 1;
  if (bytes.toString('latin1', streamStart, streamStart + 9) === 'Response:') {
    const end = bytes.indexOf('\r\n\r\n', streamStart);
    streamStart = end === -1 || end >= session.endByte ? session.endByte : end + 4;
  }
  return { banner: firstLine, streamStart };
}

function chunk(bytes: Buffer, size: number | undefined, delayMs: number): Segment[] {
  if (bytes.length === 0) return [];
  if (size === undefined || size <= 0) return [{ bytes, delayMs: 0 }];
  const out: Segment[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    out.push({ bytes: bytes.subarray(at, at + size), delayMs: at === 0 ? 0 : delayMs });
  }
  return out;
}

class ServedConnection implements AmiTestConnection {
  authenticated = false;
  session: number | undefined;
  challenge: string | undefined;
  private timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly id: number,
    private readonly socket: Socket,
  ) {}

  get open(): boolean {
    return !this.socket.destroyed && this.socket.writable;
  }

  send(data: string | Buffer): void {
    if (this.open) this.socket.write(data);
  }

  sendBlock(fields: AmiBlockFields): void {
    this.send(formatAmiBlock(fields));
  }

  respond(to: AmiMessage, response: string, fields: AmiBlockFields = {}): void {
    const head = formatAmiBlock([
      ['Response', response],
      ['ActionID', to.actionId ?? ''],
    ]);
    const rest = formatAmiBlock(fields);
    // one block: drop head's blank line, and rest's if it has no headers
    this.send(head.slice(0, -2) + (rest === '\r\n' ? '\r\n' : rest));
  }

  drop(): void {
    this.stopStreaming();
    this.socket.destroy();
  }

  end(): void {
    this.stopStreaming();
    if (this.open) this.socket.end();
  }

  later(fn: () => void, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, delayMs);
    this.timers.add(timer);
  }

  /** Writes the segments in order, honouring their delays, then calls done (if still open). */
  stream(segments: readonly Segment[], done: () => void): void {
    const next = (i: number): void => {
      for (; i < segments.length; i++) {
        if (!this.open) return;
        if (segments[i].delayMs > 0 && i > 0) {
          const from = i;
          this.later(() => {
            this.send(segments[from].bytes);
            next(from + 1);
          }, segments[i].delayMs);
          return;
        }
        this.send(segments[i].bytes);
      }
      if (this.open) done();
    };
    next(0);
  }

  stopStreaming(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** A block a client sent, as the connector's own parser reads it (undefined: not a message). */
function messageOf(raw: Buffer): AmiMessage | undefined {
  const frame = new AmiFrameParser().push(raw).find((f) => f.kind === 'message');
  return frame?.kind === 'message' ? frame.message : undefined;
}
