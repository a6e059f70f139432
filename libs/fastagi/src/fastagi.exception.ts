/** The channel hung up or the socket closed: no further command can reach Asterisk. */
export class AgiHangupError extends Error {
  constructor(message = 'FastAGI: the channel hung up') {
    super(message);
    this.name = 'AgiHangupError';
  }
}

/** Asterisk refused a command (510 unknown, 511 dead channel, 520 usage) or answered something else. */
export class AgiCommandError extends Error {
  constructor(
    readonly command: string,
    readonly response: string,
  ) {
    super(`FastAGI: '${command.split(' ', 2).join(' ')}' answered '${response}'`);
    this.name = 'AgiCommandError';
  }
}

export class AgiTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgiTimeoutError';
  }
}
