/** One AMI block as `[name, value]` pairs in wire order (repeated names kept). */
export type AmiBlockHeaders = readonly (readonly [string, string])[];

const CRLF = '\r\n';

/** `Key: Value\r\n` lines and the blank line, as Asterisk writes them. */
export function formatAmiBlock(headers: AmiBlockHeaders): string {
  return `${headers.map(([name, value]) => `${name}: ${value}${CRLF}`).join('')}${CRLF}`;
}

/** Headers of one block's text (without its blank line); lines without a colon are skipped. */
export function parseAmiBlock(text: string): [string, string][] {
  const headers: [string, string][] = [];
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push([line.slice(0, colon), line.slice(colon + 1).replace(/^ /, '')]);
  }
  return headers;
}

/** First value of `name` (case-insensitive). */
export function headerValue(headers: AmiBlockHeaders, name: string): string | undefined {
  const key = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === key)?.[1];
}

/** Asterisk's seconds.micros timestamp, e.g. `1795672769.172122`. */
export function amiTimestamp(ms: number): string {
  return (ms / 1000).toFixed(6);
}

/** `1795672769.172122` -> ms, or undefined when it is not one. */
export function parseAmiTimestamp(value: string): number | undefined {
  return /^\d+\.\d{1,6}$/.test(value) || /^\d+$/.test(value) ? Number(value) * 1000 : undefined;
}

/**
 * Cuts a byte stream a client sends into blocks (ended by an empty line, `\r\n\r\n` or a
 * sloppy `\n\n`). Refuses more than `maxBufferedChars` without an end.
 */
export class AmiBlockSplitter {
  private buffered = '';

  constructor(private readonly maxBufferedChars = 64 * 1024) {}

  push(chunk: string): [string, string][][] {
    this.buffered += chunk;
    const blocks: [string, string][][] = [];
    for (let end = blockEnd(this.buffered); end !== undefined; end = blockEnd(this.buffered)) {
      blocks.push(parseAmiBlock(this.buffered.slice(0, end.at)));
      this.buffered = this.buffered.slice(end.at + end.length);
    }
    if (this.buffered.length > this.maxBufferedChars) {
      throw new Error(`client sent ${this.buffered.length} characters without ending a block`);
    }
    return blocks;
  }
}

function blockEnd(text: string): { at: number; length: number } | undefined {
  const crlf = text.indexOf('\r\n\r\n');
  const lf = text.indexOf('\n\n');
  if (crlf === -1 && lf === -1) return undefined;
  if (lf === -1 || (crlf !== -1 && crlf < lf)) return { at: crlf, length: 4 };
  return { at: lf, length: 2 };
}
