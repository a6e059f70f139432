import type { Socket } from 'node:net';
import { formatSetVariable, formatVerbose } from './agi-command';
import type { AgiEnvironment } from './agi-environment';
import { parseAgiResponse, type AgiResponse } from './agi-response';
import { AgiCommandError, AgiHangupError, AgiTimeoutError } from './fastagi.exception';

export interface AgiSessionTiming {
  /** when the connection was accepted: Asterisk's wait started then */
  readonly startedAtMs: number;
  readonly deadlineMs: number;
  /** how long one command may wait for Asterisk's answer */
  readonly commandTimeoutMs: number;
}

interface PendingCommand {
  readonly text: string;
  readonly resolve: (response: AgiResponse) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * One AGI conversation, from the handler's side: commands go one at a time, each waiting for Asterisk's
 * answer. `deadline` aborts when Asterisk has waited FASTAGI_DEADLINE_MS: the handler must answer by then.
 */
export class AgiSession {
  private readonly deadlineController = new AbortController();
  private readonly deadlineTimer: NodeJS.Timeout;
  private pending: PendingCommand | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private gone: Error | null = null;

  constructor(
    readonly env: AgiEnvironment,
    private readonly socket: Socket,
    private readonly timing: AgiSessionTiming,
  ) {
    const delay = Math.max(0, timing.startedAtMs + timing.deadlineMs - Date.now());
    this.deadlineTimer = setTimeout(() => this.deadlineController.abort(), delay);
  }

  get deadline(): AbortSignal {
    return this.deadlineController.signal;
  }

  remainingMs(): number {
    return Math.max(0, this.timing.startedAtMs + this.timing.deadlineMs - Date.now());
  }

  /** true once Asterisk sent HANGUP or the socket closed */
  get hungUp(): boolean {
    return this.gone !== null;
  }

  /** @throws AgiHangupError, AgiTimeoutError; resolves with any answer, refusals included */
  command(text: string): Promise<AgiResponse> {
    const run = (): Promise<AgiResponse> => this.send(text);
    const next = this.tail.then(run, run);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** @throws AgiCommandError unless Asterisk answers `200 result=1` */
  async setVariable(name: string, value: string): Promise<void> {
    const text = formatSetVariable(name, value);
    const response = await this.command(text);
    if (response.code !== 200 || response.result !== '1') throw new AgiCommandError(text, response.line);
  }

  async setVariables(variables: Readonly<Record<string, string>>): Promise<void> {
    for (const [name, value] of Object.entries(variables)) await this.setVariable(name, value);
  }

  /** A line in Asterisk's console at the given verbosity; failures do not matter to the call. */
  async verbose(message: string, level = 1): Promise<void> {
    await this.command(formatVerbose(message, level));
  }

  /** For the server: one line Asterisk sent after the environment block. */
  receiveLine(line: string): void {
    if (line === 'HANGUP') {
      // Asterisk says so once the channel is gone; commands would only get 511 from now on.
      this.end(new AgiHangupError());
      return;
    }
    const response = parseAgiResponse(line);
    const pending = this.pending;
    if (response === undefined || pending === null) return;
    this.pending = null;
    clearTimeout(pending.timer);
    pending.resolve(response);
  }

  /** For the server: the socket closed or the session is over; pending and later commands fail. */
  end(reason: Error = new AgiHangupError('FastAGI: the session has ended')): void {
    clearTimeout(this.deadlineTimer);
    if (this.gone === null) this.gone = reason;
    const pending = this.pending;
    this.pending = null;
    if (pending) {
      clearTimeout(pending.timer);
      pending.reject(reason);
    }
  }

  private send(text: string): Promise<AgiResponse> {
    if (this.gone) return Promise.reject(this.gone);
    return new Promise<AgiResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        // A late answer would be taken for the next command's: the session cannot continue.
        this.end(new AgiTimeoutError(`FastAGI: no answer to '${text.split(' ', 2).join(' ')}'`));
      }, this.timing.commandTimeoutMs);
      this.pending = { text, resolve, reject, timer };
      this.socket.write(`${text}\n`);
    });
  }
}
