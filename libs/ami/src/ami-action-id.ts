import { randomBytes } from 'node:crypto';

/**
 * `<prefix>-<counter>-<random>`: the counter never restarts for a client (so IDs stay
 * unique across reconnects) and the random part keeps two clients, or a restarted
 * process, from reusing an ID Asterisk may still answer.
 */
export class AmiActionIdGenerator {
  private counter = 0;

  constructor(private readonly prefix = 'ami') {}

  next(): string {
    this.counter += 1;
    return `${this.prefix}-${this.counter}-${randomBytes(6).toString('hex')}`;
  }
}
