import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createConnection, Socket } from 'node:net';
import { AmiActionFields, describeAction, serializeAction, stripLineBreaks } from './ami-action';
import { AmiActionIdGenerator } from './ami-action-id';
import { AmiClientError, AmiClientErrorCode } from './ami-client.exception';
import { AmiClientEvents, AmiClientState } from './ami-client.events';
import { AmiClientOptions, ResolvedAmiClientOptions, resolveAmiClientOptions } from './ami-client.options';
import { AmiFrame, AmiFrameParser } from './ami-frame-parser';
import { AmiLogger, consoleAmiLogger } from './ami-logger';
import { AmiMessage } from './ami-message';
import { AmiActionListResult, AmiActionOutcome, AmiPendingActions } from './ami-pending-actions';
import { ReconnectBackoff } from './ami-reconnect-backoff';

export interface AmiActionOptions {
  /** default: the client's actionTimeoutMs */
  timeoutMs?: number;
}

export interface AmiActionListOptions extends AmiActionOptions {
  /** closing event's name, for lists that do not end with `EventList: Complete` */
  completeEvent?: string;
  /**
   * Each item as it is read, before the live events that follow it on the wire: the promise settles only after the
   * whole TCP chunk, so a Hangup read right after a listed channel would otherwise be applied before that channel.
   */
  onItem?: (item: AmiMessage) => void;
}

/** One TCP connection: its own timers, so callbacks of an old connection cannot touch a new one. */
interface Session {
  readonly socket: Socket;
  readonly closed: Promise<void>;
  banner?: string;
  loggedIn: boolean;
  /** why the connection (attempt) ends; the first cause wins */
  failure?: AmiClientError;
  connectTimer?: NodeJS.Timeout;
  keepaliveTimer?: NodeJS.Timeout;
  pingInFlight: boolean;
}

interface SendRequest {
  readonly actionId: string;
  readonly timeoutMs: number;
  readonly list: boolean;
  readonly completeEvent?: string;
  readonly onItem?: (item: AmiMessage) => void;
  readonly settle: (outcome: AmiActionOutcome) => void;
}

/** Managed by the client itself; sending them through action() would break its state. */
const RESERVED_ACTIONS: ReadonlySet<string> = new Set(['login', 'logoff', 'challenge']);

/**
 * One AMI connection to one Asterisk, kept up until stop(): login (plain or MD5),
 * keepalive Ping, reconnect with exponential backoff and jitter (also after a refused
 * login, because an admin may fix the secret).
 *
 * Routing: a block with `Event:` is an event, even with `Response:`/`ActionID:`
 * (OriginateResponse); a block with `Response:` and no `Event:` answers the pending
 * action with its ActionID. Events carrying the ActionID of a pending actionList() are
 * that list's items and are not emitted as live `event`s.
 *
 * Frames are parsed and emitted synchronously in the socket's `data` handler: nothing
 * on the read path awaits, so Asterisk never sees a slow reader.
 *
 * start() settles after the first connection attempt: it resolves once logged in and
 * rejects (AmiClientError: ConnectFailed, ConnectTimeout or LoginFailed) if that first
 * attempt fails. Either way the client keeps reconnecting until stop(), so a caller may
 * log the rejection and go on.
 */
export class AmiClient extends EventEmitter<AmiClientEvents> {
  private readonly options: ResolvedAmiClientOptions;
  private readonly parser: AmiFrameParser;
  private readonly pending = new AmiPendingActions();
  private readonly actionIds: AmiActionIdGenerator;
  private readonly backoff: ReconnectBackoff;
  private readonly eventWaiters = new Set<(error: AmiClientError) => void>();
  private currentState: AmiClientState = 'idle';
  private session?: Session;
  private reconnectTimer?: NodeJS.Timeout;
  private firstAttempt?: { resolve: () => void; reject: (error: AmiClientError) => void };
  private started?: Promise<void>;
  private stopping?: Promise<void>;

  constructor(
    options: AmiClientOptions,
    private readonly logger: AmiLogger = consoleAmiLogger(),
  ) {
    super();
    this.options = resolveAmiClientOptions(options);
    this.parser = new AmiFrameParser(this.options.parser);
    this.actionIds = new AmiActionIdGenerator(this.options.actionIdPrefix);
    this.backoff = new ReconnectBackoff(this.options.reconnect, this.options.random);
  }

  get state(): AmiClientState {
    return this.currentState;
  }

  get isConnected(): boolean {
    return this.currentState === 'connected';
  }

  /** the banner of the current logged-in connection */
  get banner(): string | undefined {
    return this.session?.loggedIn ? this.session.banner : undefined;
  }

  /** Connects and logs in; see the class comment for how it settles. Idempotent. */
  start(): Promise<void> {
    if (this.currentState === 'stopped') return Promise.reject(stoppedError('AMI client was stopped'));
    if (this.started) return this.started;
    this.started = new Promise<void>((resolve, reject) => {
      this.firstAttempt = { resolve, reject };
    });
    this.openSession();
    return this.started;
  }

  /**
   * Rejects pending actions, sends Logoff (best effort, logoffTimeoutMs), closes the
   * connection and stops reconnecting. A stopped client cannot be started again.
   */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  /**
   * Sends one action and resolves with its `Response:` block. A unique ActionID is added
   * unless `fields.ActionID` is given (see nextActionId()). Rejects with AmiClientError:
   * ActionFailed on `Response: Error` (message = Asterisk's), ActionTimeout, Disconnected
   * when the connection drops first, and NotConnected at once when not logged in —
   * actions are never queued, so an Originate is never sent twice.
   */
  action(fields: AmiActionFields, options: AmiActionOptions = {}): Promise<AmiMessage> {
    return this.request(fields, options.timeoutMs, false).then((result) => result.response);
  }

  /**
   * For EventList actions (CoreShowChannels, Status, PJSIPShowEndpoints, ...): resolves
   * when the list ends (`EventList: Complete` or `completeEvent`) with the response and
   * the items, which are not emitted as live events. The timeout covers the whole list.
   */
  actionList(fields: AmiActionFields, options: AmiActionListOptions = {}): Promise<AmiActionListResult> {
    return this.request(fields, options.timeoutMs, true, options.completeEvent, options.onItem);
  }

  /**
   * The next live event that matches, e.g. the OriginateResponse of an ActionID from
   * nextActionId(). Register it before sending the action: the event may arrive in the
   * same TCP chunk as the response.
   */
  waitForEvent(predicate: (event: AmiMessage) => boolean, options: AmiActionOptions = {}): Promise<AmiMessage> {
    if (this.currentState === 'stopped') return Promise.reject(stoppedError('AMI client was stopped'));
    const timeoutMs = options.timeoutMs ?? this.options.actionTimeoutMs;
    return new Promise<AmiMessage>((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        this.off('event', onEvent);
        this.eventWaiters.delete(onStop);
      };
      const onEvent = (event: AmiMessage) => {
        let matches: boolean;
        try {
          matches = predicate(event);
        } catch (error) {
          cleanup();
          reject(error);
          return;
        }
        if (!matches) return;
        cleanup();
        resolve(event);
      };
      const onStop = (error: AmiClientError) => {
        cleanup();
        reject(error);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new AmiClientError(AmiClientErrorCode.EventTimeout, `no matching AMI event within ${timeoutMs} ms`));
      }, timeoutMs);
      this.on('event', onEvent);
      this.eventWaiters.add(onStop);
    });
  }

  /** A fresh unique ActionID, for callers that must know it before the response arrives. */
  nextActionId(): string {
    return this.actionIds.next();
  }

  private request(
    fields: AmiActionFields,
    timeoutMs: number | undefined,
    list: boolean,
    completeEvent?: string,
    onItem?: (item: AmiMessage) => void,
  ): Promise<AmiActionListResult> {
    const action = typeof fields.Action === 'string' ? stripLineBreaks(fields.Action).trim() : '';
    if (!action || RESERVED_ACTIONS.has(action.toLowerCase())) {
      const why = action ? `${action} is managed by the client` : 'an action needs an Action name';
      return Promise.reject(new AmiClientError(AmiClientErrorCode.InvalidAction, `AMI ${why}`, { action }));
    }
    const session = this.session;
    if (this.currentState !== 'connected' || !session || session.socket.destroyed) {
      const message = `AMI not connected (${this.currentState}): ${action} not sent`;
      return Promise.reject(new AmiClientError(AmiClientErrorCode.NotConnected, message, { action }));
    }
    const actionId = givenActionId(fields) ?? this.actionIds.next();
    if (this.pending.has(actionId)) {
      return Promise.reject(
        new AmiClientError(AmiClientErrorCode.DuplicateActionId, `AMI ActionID ${actionId} is already pending`, {
          action,
          actionId,
        }),
      );
    }
    return new Promise<AmiActionListResult>((resolve, reject) => {
      this.send(session, fields, {
        actionId,
        timeoutMs: timeoutMs ?? this.options.actionTimeoutMs,
        list,
        completeEvent,
        onItem,
        settle: (outcome) => (outcome.ok ? resolve(listResult(outcome)) : reject(outcome.error)),
      });
    });
  }

  private send(session: Session, fields: AmiActionFields, request: SendRequest): void {
    const { actionId } = request;
    this.pending.add({ ...request, action: String(fields.Action) });
    this.logger.debug?.(`AMI -> ${describeAction(fields, actionId)}`);
    session.socket.write(serializeAction(fields, actionId));
  }

  private openSession(): void {
    this.reconnectTimer = undefined;
    const { host, port, connectTimeoutMs } = this.options;
    this.currentState = 'connecting';
    this.parser.reset();
    const socket = createConnection({ host, port });
    socket.setNoDelay(true);
    let markClosed = () => {};
    const closed = new Promise<void>((resolve) => {
      markClosed = resolve;
    });
    const session: Session = { socket, closed, loggedIn: false, pingInFlight: false };
    this.session = session;
    session.connectTimer = setTimeout(() => {
      const message = `no AMI banner from ${host}:${port} within ${connectTimeoutMs} ms`;
      this.abort(session, new AmiClientError(AmiClientErrorCode.ConnectTimeout, message));
    }, connectTimeoutMs);
    socket.on('data', (chunk: Buffer) => this.onData(session, chunk));
    socket.on('error', (error) => {
      const message = `AMI connection to ${host}:${port}: ${error.message}`;
      const code = session.loggedIn ? AmiClientErrorCode.Disconnected : AmiClientErrorCode.ConnectFailed;
      this.abort(session, new AmiClientError(code, message, { cause: error }));
    });
    socket.on('close', () => {
      markClosed();
      this.onClose(session);
    });
    this.logger.debug?.(`AMI connecting to ${host}:${port}`);
  }

  private abort(session: Session, failure: AmiClientError): void {
    session.failure ??= failure;
    session.socket.destroy();
  }

  private onData(session: Session, chunk: Buffer): void {
    const receivedAtMs = Date.now();
    for (const frame of this.parser.push(chunk)) {
      // a listener may have stopped the client, or a refused login dropped the connection
      if (session !== this.session || session.socket.destroyed) return;
      this.onFrame(session, frame, receivedAtMs);
    }
  }

  private onFrame(session: Session, frame: AmiFrame, receivedAtMs: number): void {
    switch (frame.kind) {
      case 'banner':
        if (session.banner === undefined) {
          session.banner = frame.text;
          clearTimeout(session.connectTimer);
          this.login(session);
        } else {
          this.logger.warn(`AMI banner in the middle of a connection ignored: ${frame.text}`);
        }
        return;
      case 'error':
        this.logger.warn(`AMI ${frame.error.message} (${frame.error.code}): ${JSON.stringify(frame.error.sample)}`);
        this.emitSafely('protocolError', frame.error);
        return;
      case 'message':
        this.onMessage(frame.message, receivedAtMs);
        return;
    }
  }

  private onMessage(message: AmiMessage, receivedAtMs: number): void {
    if (message.event !== undefined) {
      // after stop() only the Logoff's Goodbye matters
      if (this.currentState === 'stopped') return;
      if (!this.pending.onEvent(message)) this.emitSafely('event', message, receivedAtMs);
    } else if (message.has('Response')) {
      if (!this.pending.onResponse(message)) {
        this.logger.debug?.(`AMI response for no pending action ignored (ActionID ${message.actionId ?? 'none'})`);
      }
    } else {
      const first = message.headers[0];
      this.logger.warn(`AMI block with neither Event nor Response ignored (starts with ${first[0]})`);
    }
  }

  private login(session: Session): void {
    const { auth, username, secret, host, port, actionTimeoutMs } = this.options;
    this.currentState = 'authenticating';
    this.logger.log(`AMI logging in to ${host}:${port} as ${username} (${auth})`);
    if (auth === 'plain') {
      this.sendLogin(session, { Secret: secret });
      return;
    }
    this.send(
      session,
      { Action: 'Challenge', AuthType: 'md5' },
      {
        actionId: this.actionIds.next(),
        timeoutMs: actionTimeoutMs,
        list: false,
        settle: (outcome) => {
          if (!outcome.ok) return this.onLoginFailure(session, outcome.error);
          const challenge = outcome.response.get('Challenge');
          if (!challenge) {
            const error = new AmiClientError(
              AmiClientErrorCode.LoginFailed,
              'AMI Challenge answered without a Challenge',
            );
            return this.onLoginFailure(session, error);
          }
          const key = createHash('md5').update(`${challenge}${secret}`).digest('hex');
          this.sendLogin(session, { AuthType: 'md5', Key: key });
        },
      },
    );
  }

  private sendLogin(session: Session, credentials: Readonly<Record<string, string>>): void {
    this.send(
      session,
      { Action: 'Login', Username: this.options.username, ...credentials, Events: this.options.events },
      {
        actionId: this.actionIds.next(),
        timeoutMs: this.options.actionTimeoutMs,
        list: false,
        settle: (outcome) => (outcome.ok ? this.onLoggedIn(session) : this.onLoginFailure(session, outcome.error)),
      },
    );
  }

  private onLoggedIn(session: Session): void {
    const { host, port } = this.options;
    session.loggedIn = true;
    this.currentState = 'connected';
    this.backoff.reset();
    this.startKeepalive(session);
    this.logger.log(`AMI connected to ${host}:${port} (${session.banner ?? 'no banner'})`);
    const first = this.firstAttempt;
    this.firstAttempt = undefined;
    first?.resolve();
    this.emitSafely('connected', session.banner ?? '');
  }

  private onLoginFailure(session: Session, error: AmiClientError): void {
    if (error.code === AmiClientErrorCode.Disconnected || error.code === AmiClientErrorCode.Stopped) return;
    const { host, port, username } = this.options;
    if (error.code === AmiClientErrorCode.ActionFailed) {
      const message = error.response?.get('Message') ?? error.message;
      this.logger.error(`AMI login to ${host}:${port} as ${username} refused: ${message}`);
      this.abort(session, new AmiClientError(AmiClientErrorCode.LoginFailed, `AMI login refused: ${message}`));
      this.emitSafely('loginFailed', message);
      return;
    }
    this.logger.error(`AMI login to ${host}:${port} as ${username} failed: ${error.message}`);
    const code =
      error.code === AmiClientErrorCode.ActionTimeout
        ? AmiClientErrorCode.ConnectTimeout
        : AmiClientErrorCode.LoginFailed;
    this.abort(session, new AmiClientError(code, error.message, { cause: error }));
  }

  private startKeepalive(session: Session): void {
    const { keepaliveIntervalMs, keepaliveTimeoutMs } = this.options;
    if (keepaliveIntervalMs <= 0) return;
    session.keepaliveTimer = setInterval(() => {
      if (session.pingInFlight || session !== this.session) return;
      session.pingInFlight = true;
      this.send(
        session,
        { Action: 'Ping' },
        {
          actionId: this.actionIds.next(),
          timeoutMs: keepaliveTimeoutMs,
          list: false,
          settle: (outcome) => {
            session.pingInFlight = false;
            if (outcome.ok || outcome.error.code !== AmiClientErrorCode.ActionTimeout) return;
            const message = `no reply to the keepalive Ping within ${keepaliveTimeoutMs} ms`;
            this.logger.warn(`AMI ${message}: reconnecting`);
            this.abort(session, new AmiClientError(AmiClientErrorCode.Disconnected, message));
          },
        },
      );
    }, keepaliveIntervalMs);
  }

  private onClose(session: Session): void {
    clearTimeout(session.connectTimer);
    clearInterval(session.keepaliveTimer);
    if (session !== this.session) return;
    this.session = undefined;
    this.parser.reset();
    const { host, port } = this.options;
    const stopped = this.currentState === 'stopped';
    const failure = session.failure ?? closedFailure(session.loggedIn, stopped);
    const reason = failure.message;
    this.pending.rejectAll(
      (action, actionId) =>
        new AmiClientError(
          stopped ? AmiClientErrorCode.Stopped : AmiClientErrorCode.Disconnected,
          `AMI ${action} not answered: ${reason}`,
          { action, actionId },
        ),
    );
    if (session.loggedIn) {
      if (stopped) this.logger.log(`AMI disconnected from ${host}:${port}: ${reason}`);
      else this.logger.warn(`AMI disconnected from ${host}:${port}: ${reason}`);
    } else if (!stopped && failure.code !== AmiClientErrorCode.LoginFailed) {
      this.logger.warn(`AMI connection attempt to ${host}:${port} failed: ${reason}`);
    }
    const first = this.firstAttempt;
    this.firstAttempt = undefined;
    first?.reject(failure);
    if (session.loggedIn) this.emitSafely('disconnected', reason);
    // a `disconnected` listener may have called stop()
    if (this.currentState !== 'stopped') this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delayMs = this.backoff.next();
    const attempt = this.backoff.attempt;
    this.currentState = 'reconnecting';
    this.logger.log(
      `AMI reconnecting to ${this.options.host}:${this.options.port} in ${delayMs} ms (attempt ${attempt})`,
    );
    this.reconnectTimer = setTimeout(() => this.openSession(), delayMs);
    this.emitSafely('reconnecting', attempt, delayMs);
  }

  private async shutdown(): Promise<void> {
    const session = this.session;
    const wasLoggedIn = this.currentState === 'connected';
    this.currentState = 'stopped';
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const first = this.firstAttempt;
    this.firstAttempt = undefined;
    first?.reject(stoppedError('AMI client stopped before it logged in'));
    for (const onStop of [...this.eventWaiters]) onStop(stoppedError('AMI client stopped'));
    this.pending.rejectAll(
      (action, actionId) =>
        new AmiClientError(AmiClientErrorCode.Stopped, `AMI ${action} not answered: client stopped`, {
          action,
          actionId,
        }),
    );
    if (!session) return;
    clearInterval(session.keepaliveTimer);
    if (wasLoggedIn && !session.socket.destroyed) await this.logoff(session);
    this.abort(session, stoppedError('AMI client stopped'));
    await session.closed;
  }

  /** Resolves on Goodbye, on timeout or when the connection closes; never rejects. */
  private logoff(session: Session): Promise<void> {
    const timeoutMs = this.options.logoffTimeoutMs;
    return new Promise<void>((resolve) => {
      this.send(
        session,
        { Action: 'Logoff' },
        {
          actionId: this.actionIds.next(),
          timeoutMs,
          list: false,
          settle: (outcome) => {
            if (!outcome.ok && outcome.error.code === AmiClientErrorCode.ActionTimeout) {
              this.logger.warn(`AMI Logoff not answered within ${timeoutMs} ms; closing anyway`);
            }
            resolve();
          },
        },
      );
    });
  }

  /** A throwing listener must not break the read loop: it is logged, the next frame goes on. */
  private emitSafely<K extends keyof AmiClientEvents>(name: K, ...args: AmiClientEvents[K]): void {
    try {
      (this.emit as (event: K, ...rest: AmiClientEvents[K]) => boolean)(name, ...args);
    } catch (error) {
      this.logger.error(
        `AMI "${String(name)}" listener threw: ${error instanceof Error ? error.stack : String(error)}`,
      );
    }
  }
}

function givenActionId(fields: AmiActionFields): string | undefined {
  for (const [name, value] of Object.entries(fields)) {
    if (name.toLowerCase() !== 'actionid' || value === undefined) continue;
    const id = stripLineBreaks(String(value)).trim();
    if (id) return id;
  }
  return undefined;
}

function listResult(outcome: AmiActionListResult): AmiActionListResult {
  return { response: outcome.response, items: outcome.items, complete: outcome.complete };
}

function stoppedError(message: string): AmiClientError {
  return new AmiClientError(AmiClientErrorCode.Stopped, message);
}

function closedFailure(loggedIn: boolean, stopped: boolean): AmiClientError {
  if (stopped) return stoppedError('AMI client stopped');
  if (loggedIn) return new AmiClientError(AmiClientErrorCode.Disconnected, 'AMI connection closed by the peer');
  return new AmiClientError(AmiClientErrorCode.ConnectFailed, 'AMI connection closed before the login completed');
}
