import { StringDecoder } from 'node:string_decoder';

/** Splits a byte stream into `\n`-terminated lines (CR dropped), refusing any line longer than `maxLineChars`. */
export class AgiLineReader {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(private readonly maxLineChars: number) {}

  /** @throws Error when a line grows past the bound: the peer is not Asterisk or is misbehaving */
  push(chunk: Buffer): string[] {
    this.pending += this.decoder.write(chunk);
    const parts = this.pending.split('\n');
    this.pending = parts.pop() ?? '';
    if (this.pending.length > this.maxLineChars || parts.some((line) => line.length > this.maxLineChars)) {
      throw new Error(`FastAGI: a line longer than ${this.maxLineChars} characters`);
    }
    return parts.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  }
}
