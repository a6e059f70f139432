import { AmiFrameParser, AmiMessage } from '@app/ami';

/**
 * Headers of a block to send, in order. A record sends an array value once per element
 * (after the record's earlier keys); use the pair list to interleave repeated names.
 */
export type AmiBlockFields =
  Readonly<Record<string, string | readonly string[]>> | readonly (readonly [string, string])[];

const CRLF = '\r\n';

/** `Key: Value\r\n` lines and the blank line, exactly as Asterisk writes them. */
export function formatAmiBlock(fields: AmiBlockFields): string {
  const pairs: (readonly [string, string])[] = [];
  if (isPairList(fields)) {
    pairs.push(...fields);
  } else {
    for (const [name, value] of Object.entries(fields)) {
      for (const v of typeof value === 'string' ? [value] : value) pairs.push([name, v]);
    }
  }
  return `${pairs.map(([name, value]) => `${name}: ${value}${CRLF}`).join('')}${CRLF}`;
}

function isPairList(fields: AmiBlockFields): fields is readonly (readonly [string, string])[] {
  return Array.isArray(fields);
}

/** Asterisk's seconds.micros timestamp, e.g. `1795672769.172122`. */
export function amiTimestamp(nowMs = Date.now()): string {
  return `${Math.floor(nowMs / 1000)}.${String((nowMs % 1000) * 1000).padStart(6, '0')}`;
}

/**
 * Cuts what a client sends into blocks, keeping each block's exact bytes. Blocks end at
 * an empty line (`\r\n\r\n`, or `\n\n` from sloppy clients).
 */
export class AmiBlockSplitter {
  private buffered: Buffer = Buffer.alloc(0);

  constructor(private readonly maxBufferedBytes = 1024 * 1024) {}

  /** @throws when the client sends more than maxBufferedBytes without ending a block */
  push(chunk: Buffer): { raw: Buffer; message: AmiMessage | undefined }[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const blocks: { raw: Buffer; message: AmiMessage | undefined }[] = [];
    for (;;) {
      const end = blockEnd(this.buffered);
      if (end === -1) break;
      const raw = Buffer.from(this.buffered.subarray(0, end));
      this.buffered = this.buffered.subarray(end);
      const frame = new AmiFrameParser().push(raw).find((f) => f.kind === 'message');
      blocks.push({ raw, message: frame?.kind === 'message' ? frame.message : undefined });
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
