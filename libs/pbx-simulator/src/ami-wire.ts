/**
 * The AMI wire format as a simulated Asterisk speaks it: blocks of `Key: Value\r\n` lines ended by a blank line, the
 * seconds.micros timestamps, and the cutting of what a client sends into blocks. Shared by the sandbox's simulated
 * PBX and the tests' AMI servers, so that a fix to either reaches both.
 */

/** One AMI block as `[name, value]` pairs in wire order (repeated names kept). */
export type AmiBlockHeaders = readonly (readonly [string, string])[];

/**
 * Headers of a block to send, in order. A record sends an array value once per element (after the record's earlier
 * keys); use the pair list to interleave repeated names.
 */
export type AmiBlockFields = Readonly<Record<string, string | readonly string[]>> | AmiBlockHeaders;

const CRLF = '\r\n';

/** `Key: Value\r\n` lines and the blank line, exactly as Asterisk writes them. */
export function formatAmiBlock(fields: AmiBlockFields): string {
  return `${amiHeaderPairs(fields)
    .map(([name, value]) => `${name}: ${value}${CRLF}`)
    .join('')}${CRLF}`;
}

/** The fields as `[name, value]` pairs in the order they are sent. */
export function amiHeaderPairs(fields: AmiBlockFields): AmiBlockHeaders {
  if (isPairList(fields)) return fields;
  const pairs: (readonly [string, string])[] = [];
  for (const [name, value] of Object.entries(fields)) {
    for (const v of typeof value === 'string' ? [value] : value) pairs.push([name, v]);
  }
  return pairs;
}

function isPairList(fields: AmiBlockFields): fields is AmiBlockHeaders {
  return Array.isArray(fields);
}

/** Headers of one block's text; lines without a colon (the blank end, a stray line) are skipped. */
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

/** Asterisk's seconds.micros timestamp, e.g. `1795672769.172122` (whole milliseconds, no float rounding). */
export function amiTimestamp(nowMs = Date.now()): string {
  const ms = Math.round(nowMs);
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000).padStart(6, '0')}`;
}

/** `1795672769.172122` -> ms, or undefined when it is not one. */
export function parseAmiTimestamp(value: string): number | undefined {
  return /^\d+\.\d{1,6}$/.test(value) || /^\d+$/.test(value) ? Number(value) * 1000 : undefined;
}

/** One block a client sent: its exact bytes (the blank line included) and its headers. */
export interface AmiClientBlock {
  readonly raw: Buffer;
  readonly headers: [string, string][];
}

/**
 * Cuts what a client sends into blocks, keeping each block's exact bytes. Blocks end at an empty line (`\r\n\r\n`,
 * or `\n\n` from sloppy clients); bytes are cut before they are decoded, so a character split across reads is whole.
 */
export class AmiBlockSplitter {
  private buffered: Buffer = Buffer.alloc(0);

  constructor(private readonly maxBufferedBytes = 1024 * 1024) {}

  /** @throws when the client sends more than maxBufferedBytes without ending a block */
  push(chunk: Buffer): AmiClientBlock[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const blocks: AmiClientBlock[] = [];
    for (;;) {
      const end = blockEnd(this.buffered);
      if (end === -1) break;
      const raw = Buffer.from(this.buffered.subarray(0, end));
      this.buffered = this.buffered.subarray(end);
      blocks.push({ raw, headers: parseAmiBlock(raw.toString('utf8')) });
    }
    if (this.buffered.length > this.maxBufferedBytes) {
      throw new Error(`client sent ${this.buffered.length} bytes without ending a block`);
    }
    return blocks;
  }
}

function blockEnd(data: Buffer): number {
  const crlf = data.indexOf('\r\n\r\n');
  const lf = data.indexOf('\n\n');
  if (crlf === -1) return lf === -1 ? -1 : lf + 2;
  if (lf === -1 || crlf < lf) return crlf + 4;
  return lf + 2;
}
