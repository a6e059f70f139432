import type { Socket } from 'node:net';
import { type AmiActionBlock, amiActionBlock, type AmiActionRef, formatAmiResponse } from './ami-action-block';
import { amiLoginAccepted, newAmiChallenge } from './ami-login';
import { type AmiBlockFields, AmiBlockSplitter, type AmiClientBlock, formatAmiBlock, headerValue } from './ami-wire';
import { mayInvoke } from './manager-actions';

/** A user of manager.conf. */
export interface AmiUser {
  readonly username: string;
  readonly secret: string;
  /** the user's `write =` classes */
  readonly writeClasses: readonly string[];
}

/** A Login checked against the users. */
export interface AmiLogin {
  readonly action: AmiActionBlock;
  /** the `Username:` sent ('' without one) */
  readonly username: string;
  readonly authType: 'plain' | 'md5';
  /** the user it logs in as; undefined when refused */
  readonly user: AmiUser | undefined;
}

/** Answers an action; it may write any number of blocks, or nothing. */
export type AmiSessionHandler = (action: AmiActionBlock, session: AmiSession) => void;

/** Answers a checked login: admits or refuses the session and tells the client. */
export type AmiLoginHandler = (login: AmiLogin, session: AmiSession) => void;

/** Told what happens on a session. */
export interface AmiSessionObserver {
  /** a new session, its banner written */
  readonly opened?: (session: AmiSession) => void;
  /** every action a client sends, before it is answered */
  readonly received?: (action: AmiActionBlock, session: AmiSession) => void;
  /** …and once it was answered */
  readonly answered?: (action: AmiActionBlock, session: AmiSession) => void;
  /** an action over the size cap, or a socket error other than the client vanishing; the session is dropped */
  readonly failed?: (error: Error, session: AmiSession) => void;
  readonly closed?: (session: AmiSession) => void;
}

/** What a session is given by its server. */
export interface AmiSessionRules {
  readonly banner: string;
  /** a client's action beyond this without an end is not an AMI client: the session is dropped */
  readonly maxActionBytes: number;
  readonly users: () => readonly AmiUser[];
  /** Asterisk refuses an action the user's write classes do not allow; false lets every logged-in user send all */
  readonly checkWriteClasses: boolean;
  readonly login: AmiLoginHandler;
  /** by lower-case action name; undefined: Asterisk's `Invalid/unknown command` */
  readonly handler: (name: string) => AmiSessionHandler | undefined;
  readonly observer: AmiSessionObserver;
}

/**
 * One client of a simulated Asterisk: the banner, the client's bytes cut into actions, Challenge and Login (plain
 * and MD5) as Asterisk checks them, `Permission denied` for anything but Login, Challenge and Logoff before the
 * login and for what the user's write classes do not allow, then the action's handler.
 */
export class AmiSession {
  private loggedInAs: AmiUser | undefined;
  /** `Events: off` at login: Asterisk sends such a session no events */
  private eventsOff = false;
  private challenge: string | undefined;
  private readonly splitter: AmiBlockSplitter;

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly rules: AmiSessionRules,
  ) {
    this.splitter = new AmiBlockSplitter(rules.maxActionBytes);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // a client that goes away without a Logoff is ordinary, anything else is the observer's to hear
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') rules.observer.failed?.(error, this);
      this.drop();
    });
    socket.on('close', () => rules.observer.closed?.(this));
    this.send(`${rules.banner}\r\n`);
  }

  get user(): AmiUser | undefined {
    return this.loggedInAs;
  }

  get authenticated(): boolean {
    return this.loggedInAs !== undefined;
  }

  /** logged in without `Events: off` and still open: what happens on the PBX is sent to it */
  get receivesEvents(): boolean {
    return this.authenticated && !this.eventsOff && this.open;
  }

  get open(): boolean {
    return !this.socket.destroyed && this.socket.writable;
  }

  send(data: string | Buffer): void {
    if (this.open) this.socket.write(data);
  }

  sendBlock(fields: AmiBlockFields): void {
    this.send(formatAmiBlock(fields));
  }

  respond(to: AmiActionRef, response: string, fields: AmiBlockFields = []): void {
    this.send(formatAmiResponse(to, response, fields));
  }

  /** Logs the session in as `user`, with events unless the Login said `Events: off`; the answer is the caller's. */
  admit(user: AmiUser, login: AmiActionBlock): void {
    this.loggedInAs = user;
    this.eventsOff = headerValue(login.headers, 'Events')?.toLowerCase() === 'off';
  }

  /** abrupt close (RST-like), as a network failure */
  drop(): void {
    this.socket.destroy();
  }

  /** orderly close after what was written */
  end(): void {
    if (this.open) this.socket.end();
  }

  private receive(chunk: Buffer): void {
    let blocks: AmiClientBlock[];
    try {
      blocks = this.splitter.push(chunk);
    } catch (error) {
      this.rules.observer.failed?.(error instanceof Error ? error : new Error(String(error)), this);
      this.drop();
      return;
    }
    for (const block of blocks) {
      if (!this.open) return;
      if (block.headers.length > 0) this.dispatch(amiActionBlock(block));
    }
  }

  private dispatch(action: AmiActionBlock): void {
    this.rules.observer.received?.(action, this);
    this.answer(action);
    this.rules.observer.answered?.(action, this);
  }

  private answer(action: AmiActionBlock): void {
    const name = action.name.toLowerCase();
    if (name === 'challenge') return this.answerChallenge(action);
    if (name === 'login') return this.rules.login(this.checkLogin(action), this);
    if (name !== 'logoff' && !this.mayInvoke(name)) {
      return this.respond(action, 'Error', [['Message', 'Permission denied']]);
    }
    const handler = this.rules.handler(name);
    if (handler) handler(action, this);
    else this.respond(action, 'Error', [['Message', 'Invalid/unknown command']]);
  }

  private mayInvoke(name: string): boolean {
    const user = this.loggedInAs;
    return user !== undefined && (!this.rules.checkWriteClasses || mayInvoke(user.writeClasses, name));
  }

  private answerChallenge(action: AmiActionBlock): void {
    if (headerValue(action.headers, 'AuthType')?.toLowerCase() !== 'md5') {
      return this.respond(action, 'Error', [['Message', 'Must specify AuthType']]);
    }
    this.challenge = newAmiChallenge();
    this.respond(action, 'Success', [['Challenge', this.challenge]]);
  }

  private checkLogin(action: AmiActionBlock): AmiLogin {
    const header = (name: string): string | undefined => headerValue(action.headers, name);
    const username = header('Username') ?? '';
    const offer = { authType: header('AuthType'), secret: header('Secret'), key: header('Key') };
    const user = this.rules.users().find((u) => u.username === username);
    const accepted = user !== undefined && amiLoginAccepted(offer, user.secret, this.challenge);
    const authType = offer.authType?.toLowerCase() === 'md5' ? 'md5' : 'plain';
    return { action, username, authType, user: accepted ? user : undefined };
  }
}
