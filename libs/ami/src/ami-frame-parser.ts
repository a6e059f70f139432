import { AmiHeader, AmiMessage } from './ami-message';
import { AmiProtocolError, AmiProtocolErrorCode } from './ami-protocol.exception';

export type AmiFrame =
  | { readonly kind: 'banner'; readonly text: string }
  | { readonly kind: 'message'; readonly message: AmiMessage }
  | { readonly kind: 'error'; readonly error: AmiProtocolError };

export interface AmiFrameParserOptions {
  /** a longer line drops its whole block (default 64 KiB) */
  maxLineBytes?: number;
  /** a larger block is dropped (default 4 MiB: big `Command` outputs fit) */
  maxMessageBytes?: number;
}

const LF = 10;
const CR = 13;
const SAMPLE_CHARS = 80;
/** chunks up to this size that end no line take the append-only path */
const SMALL_CHUNK = 16;
const BANNER = /^[A-Za-z][A-Za-z ]*\/\d[\w.]*$/;
const LEGACY_HEADER = /^(Privilege|ActionID|Message): /;
const LEGACY_END = '--END COMMAND--';
const LEGACY_START_BYTES = Buffer.from('Response: Follows', 'latin1');
const LEGACY_END_BYTES = Buffer.from(LEGACY_END, 'latin1');

/**
 * Byte-level AMI framing. Blocks are cut at the byte level and decoded as UTF-8 only
 * once complete, so a multi-byte character split across TCP chunks survives. Memory is
 * bounded: an over-long line or block is dropped while it streams in, never buffered whole.
 */
export class AmiFrameParser {
  private readonly maxLine: number;
  private readonly maxMessage: number;
  private pending = Buffer.alloc(0);
  private pendingLen = 0;
  /** offsets inside `pending` (whose byte 0 is always the start of a block) */
  private lineStart = 0;
  private scanFrom = 0;
  /** dropping the rest of an oversized block until its blank line */
  private discarding = false;
  /** bytes already seen of the current line while discarding, not counting a last CR */
  private discardLineLen = 0;
  /** whether that line's last byte was a CR: it counts only if no LF follows */
  private discardCr = false;

  constructor(options: AmiFrameParserOptions = {}) {
    this.maxLine = options.maxLineBytes ?? 64 * 1024;
    this.maxMessage = options.maxMessageBytes ?? 4 * 1024 * 1024;
  }

  /** bytes held for an unfinished block: at most maxMessageBytes + maxLineBytes + 1 */
  get bufferedBytes(): number {
    return this.pendingLen;
  }

  /** Forget any partial block: a new TCP session starts with a banner, not mid-block. */
  reset(): void {
    this.pendingLen = 0;
    this.lineStart = 0;
    this.scanFrom = 0;
    this.discarding = false;
    this.discardLineLen = 0;
    this.discardCr = false;
    if (this.pending.length > this.maxLine) this.pending = Buffer.alloc(0);
  }

  push(chunk: Buffer): AmiFrame[] {
    const out: AmiFrame[] = [];
    if (chunk.length === 0) return out;
    if (chunk.length <= SMALL_CHUNK && this.pendingLen > 0 && !this.discarding && this.appendSmall(chunk)) return out;
    const fromPending = this.pendingLen > 0;
    if (fromPending) this.append(chunk);
    const data = fromPending ? this.pending.subarray(0, this.pendingLen) : chunk;
    let lineStart = fromPending ? this.lineStart : 0;
    let pos = fromPending ? this.scanFrom : 0;
    let blockStart = 0;
    let dropping = this.discarding;
    let carried = this.discarding ? this.discardLineLen + (this.discardCr && chunk[0] !== LF ? 1 : 0) : 0;

    for (;;) {
      const nl = data.indexOf(LF, pos);
      if (nl === -1) break;
      const lineEnd = nl > lineStart && data[nl - 1] === CR ? nl - 1 : nl;
      const lineLen = lineEnd - lineStart + carried;
      carried = 0;
      pos = nl + 1;

      if (lineLen === 0) {
        if (dropping) {
          dropping = false;
        } else if (lineStart !== blockStart) {
          if (isUnfinishedLegacyCommand(data, blockStart, lineStart)) {
            // Blank lines of command output count against the block limit too, or a flood of them is kept whole.
            if (pos - blockStart > this.maxMessage) {
              out.push(
                tooLong(AmiProtocolErrorCode.MessageTooLong, `block over ${this.maxMessage} bytes`, data, blockStart),
              );
              dropping = true;
            }
            lineStart = pos;
            continue;
          }
          decodeBlock(data, blockStart, lineStart, out);
        }
        blockStart = pos;
        lineStart = pos;
        continue;
      }
      if (dropping) {
        lineStart = pos;
        continue;
      }
      if (lineLen > this.maxLine) {
        out.push(tooLong(AmiProtocolErrorCode.LineTooLong, `line of ${lineLen} bytes`, data, lineStart));
        dropping = true;
      } else if (pos - blockStart > this.maxMessage) {
        out.push(tooLong(AmiProtocolErrorCode.MessageTooLong, `block over ${this.maxMessage} bytes`, data, blockStart));
        dropping = true;
      } else if (lineStart === blockStart && isBanner(data, lineStart, lineEnd)) {
        out.push({ kind: 'banner', text: data.toString('utf8', lineStart, lineEnd) });
        blockStart = pos;
      }
      lineStart = pos;
    }

    this.keepTail(data, fromPending, blockStart, lineStart, dropping, carried, out);
    return out;
  }

  private keepTail(
    data: Buffer,
    fromPending: boolean,
    blockStart: number,
    lineStart: number,
    dropping: boolean,
    carried: number,
    out: AmiFrame[],
  ): void {
    const len = data.length;
    // Counted like a complete line (only a CR that may precede the LF is free), so a run
    // of CRs cannot dodge the limit. The block limit is checked on complete lines only,
    // in push(), so the verdict does not depend on where a TCP chunk ends; the partial
    // line is bounded by the line limit.
    const endsWithCr = len > lineStart && data[len - 1] === CR;
    const partialLine = len - lineStart - (endsWithCr ? 1 : 0) + carried;
    if (!dropping && partialLine > this.maxLine) {
      out.push(tooLong(AmiProtocolErrorCode.LineTooLong, `line of over ${this.maxLine} bytes`, data, lineStart));
      dropping = true;
    }
    this.discarding = dropping;
    if (dropping) {
      this.discardLineLen = partialLine;
      this.discardCr = endsWithCr;
      this.pendingLen = 0;
      this.lineStart = 0;
      this.scanFrom = 0;
      return;
    }
    const tail = len - blockStart;
    if (fromPending) {
      if (blockStart > 0) this.pending.copy(this.pending, 0, blockStart, len);
    } else if (tail > 0) {
      this.ensureCapacity(tail);
      data.copy(this.pending, 0, blockStart, len);
    }
    this.pendingLen = tail;
    this.lineStart = lineStart - blockStart;
    this.scanFrom = tail;
  }

  /**
   * A few bytes that end no line (a peer trickling its output) only extend the pending block, without the subarray,
   * copy and rescan of the general path, which costs more than the bytes themselves. Returns false, having changed
   * nothing, when the chunk ends a line or makes the line too long: the general path handles those.
   */
  private appendSmall(chunk: Buffer): boolean {
    const n = chunk.length;
    for (let i = 0; i < n; i++) if (chunk[i] === LF) return false;
    const len = this.pendingLen + n;
    if (len - this.lineStart - (chunk[n - 1] === CR ? 1 : 0) > this.maxLine) return false;
    this.ensureCapacity(len);
    for (let i = 0; i < n; i++) this.pending[this.pendingLen + i] = chunk[i];
    this.pendingLen = len;
    this.scanFrom = len;
    return true;
  }

  private append(chunk: Buffer): void {
    this.ensureCapacity(this.pendingLen + chunk.length);
    chunk.copy(this.pending, this.pendingLen);
    this.pendingLen += chunk.length;
  }

  private ensureCapacity(size: number): void {
    if (this.pending.length >= size) return;
    const next = Buffer.allocUnsafe(Math.max(size, this.pending.length * 2, 4096));
    this.pending.copy(next, 0, 0, this.pendingLen);
    this.pending = next;
  }
}

function isBanner(data: Buffer, start: number, end: number): boolean {
  if (end - start > 100) return false;
  const colon = data.indexOf(58, start);
  if (colon !== -1 && colon < end) return false;
  return BANNER.test(data.toString('latin1', start, end));
}

function tooLong(code: AmiProtocolErrorCode, what: string, data: Buffer, start: number): AmiFrame {
  const sample = data.toString('utf8', start, Math.min(start + SAMPLE_CHARS, data.length));
  return { kind: 'error', error: new AmiProtocolError(code, `AMI ${what} skipped`, sample) };
}

/**
 * Asterisk < 14 sends `Response: Follows`, raw CLI lines (blank ones too) and `--END COMMAND--` on the line before
 * the blank line that ends the block. Only that line is searched: a blank line costs the same however long the
 * output already is.
 */
function isUnfinishedLegacyCommand(data: Buffer, start: number, end: number): boolean {
  const head = LEGACY_START_BYTES.length;
  if (end - start < head || data.compare(LEGACY_START_BYTES, 0, head, start, start + head) !== 0) return false;
  const lastLine = Math.max(start, data.lastIndexOf(LF, end - 2) + 1);
  return end - lastLine <= LEGACY_END_BYTES.length || data.subarray(lastLine, end).indexOf(LEGACY_END_BYTES) === -1;
}

function decodeBlock(data: Buffer, start: number, end: number, out: AmiFrame[]): void {
  const lines = data.toString('utf8', start, end).split('\n');
  const headers: AmiHeader[] = [];
  const legacy = lines[0].startsWith('Response: Follows');
  let inOutput = false;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (legacy && i > 0 && (inOutput || !LEGACY_HEADER.test(line))) {
      inOutput = true;
      const endAt = line.indexOf(LEGACY_END);
      if (endAt === 0) break;
      headers.push(['Output', endAt > 0 ? line.slice(0, endAt) : line]);
      continue;
    }
    if (line.length === 0) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      out.push({
        kind: 'error',
        error: new AmiProtocolError(
          AmiProtocolErrorCode.MalformedLine,
          'AMI line without a header name skipped',
          line.slice(0, SAMPLE_CHARS),
        ),
      });
      continue;
    }
    const value = line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1);
    headers.push([line.slice(0, colon), value]);
  }
  if (headers.length > 0) out.push({ kind: 'message', message: new AmiMessage(headers) });
}
