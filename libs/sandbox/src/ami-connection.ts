import { Socket } from 'node:net';
import {
  AmiBlockHeaders,
  AmiBlockSplitter,
  amiLoginAccepted,
  amiTimestamp,
  formatAmiBlock,
  headerValue,
  newAmiChallenge,
} from '@app/pbx-simulator';
import { coreShowChannelsAnswer, pjsipShowEndpointsAnswer } from './ami-list-answers';
import { listCommandsHeaders, mayInvoke } from './manager-actions';
import { OriginateAnswer } from './simulated-originate';

export interface AmiCredentials {
  readonly username: string;
  readonly secret: string;
  /** the user's `write =` classes in manager.conf */
  readonly writeClasses: readonly string[];
}

export const AMI_BANNER = 'Asterisk Call Manager/11.0.0';

/** What the rest of the simulated PBX tells a connection. */
export interface AmiConnectionOptions {
  /** the users of manager.conf */
  readonly users: readonly AmiCredentials[];
  /** after every accepted login that asked for events (not `Events: off`) */
  readonly onLogin?: () => void;
  /** the CoreShowChannel items of the channels up now (without ActionID) */
  readonly liveChannels?: () => readonly AmiBlockHeaders[];
  /** how the PBX takes an Originate (default: queued, and nothing follows) */
  readonly originate?: (action: AmiBlockHeaders) => OriginateAnswer;
}

/** A client's action beyond this without an end is not an AMI client: the connection is closed. */
const MAX_ACTION_BYTES = 64 * 1024;

/**
 * One client of the simulated Asterisk: answers Challenge/Login (plain and MD5), Ping, Logoff, CoreShowChannels
 * (the live channels), PJSIPShowEndpoints (the lab's phones), ListCommands (what the logged-in user may send) and
 * Originate (as `originate` decides); an action the user's write classes do not allow is refused as Asterisk does.
 */
export class AmiConnection {
  private user: AmiCredentials | undefined;
  /** `Events: off` at login: Asterisk sends such a session no events */
  private eventsOff = false;
  private challenge: string | undefined;
  private readonly splitter = new AmiBlockSplitter(MAX_ACTION_BYTES);

  constructor(
    private readonly socket: Socket,
    private readonly options: AmiConnectionOptions,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => socket.destroy());
    this.write(`${AMI_BANNER}\r\n`);
  }

  /** logged in for events and still open: receives the simulated calls */
  get listening(): boolean {
    return this.user !== undefined && !this.eventsOff && this.open;
  }

  get open(): boolean {
    return !this.socket.destroyed && this.socket.writable;
  }

  write(text: string): void {
    if (this.open) this.socket.write(text);
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    let actions: AmiBlockHeaders[];
    try {
      actions = this.splitter.push(chunk).map((block) => block.headers);
    } catch {
      this.close();
      return;
    }
    for (const action of actions) if (action.length > 0 && this.open) this.handle(action);
  }

  private handle(action: AmiBlockHeaders): void {
    const name = (headerValue(action, 'Action') ?? '').toLowerCase();
    const actionId = headerValue(action, 'ActionID') ?? '';
    if (name === 'challenge') return this.answerChallenge(action, actionId);
    if (name === 'login') return this.login(action, actionId);
    if (name === 'logoff') {
      this.respond(actionId, 'Goodbye', [['Message', 'Thanks for all the fish.']]);
      this.socket.end();
      return;
    }
    const user = this.user;
    if (user === undefined || !mayInvoke(user.writeClasses, name)) {
      return this.respond(actionId, 'Error', [['Message', 'Permission denied']]);
    }
    switch (name) {
      case 'ping':
        return this.respond(actionId, 'Success', [
          ['Ping', 'Pong'],
          ['Timestamp', amiTimestamp(Date.now())],
        ]);
      case 'coreshowchannels':
        return this.write(coreShowChannelsAnswer(actionId, this.options.liveChannels?.() ?? []));
      case 'pjsipshowendpoints':
        return this.write(pjsipShowEndpointsAnswer(actionId));
      case 'originate':
        return this.originate(action, actionId);
      case 'listcommands':
        return this.respond(actionId, 'Success', listCommandsHeaders(user.writeClasses));
      default:
        return this.respond(actionId, 'Error', [['Message', 'Invalid/unknown command']]);
    }
  }

  private originate(action: AmiBlockHeaders, actionId: string): void {
    const answer = this.options.originate?.(action) ?? {
      response: 'Success',
      message: 'Originate successfully queued',
    };
    this.respond(actionId, answer.response, [['Message', answer.message]]);
    answer.then?.();
  }

  private answerChallenge(action: AmiBlockHeaders, actionId: string): void {
    if (headerValue(action, 'AuthType')?.toLowerCase() !== 'md5') {
      return this.respond(actionId, 'Error', [['Message', 'Must specify AuthType']]);
    }
    this.challenge = newAmiChallenge();
    this.respond(actionId, 'Success', [['Challenge', this.challenge]]);
  }

  private login(action: AmiBlockHeaders, actionId: string): void {
    const user = this.options.users.find((u) => u.username === headerValue(action, 'Username'));
    const offer = {
      authType: headerValue(action, 'AuthType'),
      secret: headerValue(action, 'Secret'),
      key: headerValue(action, 'Key'),
    };
    const accepted = user !== undefined && amiLoginAccepted(offer, user.secret, this.challenge);
    if (!accepted) {
      this.respond(actionId, 'Error', [['Message', 'Authentication failed']]);
      this.socket.end();
      return;
    }
    this.user = user;
    this.eventsOff = headerValue(action, 'Events')?.toLowerCase() === 'off';
    this.respond(actionId, 'Success', [['Message', 'Authentication accepted']]);
    this.write(
      formatAmiBlock([
        ['Event', 'FullyBooted'],
        ['Privilege', 'system,all'],
        ['Uptime', '7'],
        ['LastReload', '7'],
        ['Status', 'Fully Booted'],
      ]),
    );
    if (!this.eventsOff) this.options.onLogin?.();
  }

  private respond(actionId: string, response: string, fields: AmiBlockHeaders): void {
    const id: AmiBlockHeaders = actionId === '' ? [] : [['ActionID', actionId]];
    this.write(formatAmiBlock([['Response', response], ...id, ...fields]));
  }
}
