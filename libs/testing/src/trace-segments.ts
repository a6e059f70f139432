import { type AmiTrace, type AmiTraceSession, loadTraceTimeline } from '@app/pbx-simulator';

/** Bytes to write, `delayMs` after the previous segment. */
export interface Segment {
  readonly bytes: Buffer;
  readonly delayMs: number;
}

/** How a recorded session is written out: the faults and paces a test asks for. */
export interface SegmentOptions {
  /** write in chunks of this many bytes (default: one write) */
  readonly chunkSize?: number;
  /** wait this long between chunks (default 0) */
  readonly chunkDelayMs?: number;
  /** send the login response alone and wait this long before the rest */
  readonly pauseAfterLoginMs?: number;
  /** at the recorded pace (from the `.jsonl`), this many times faster */
  readonly paceSpeed?: number;
}

/** The recorded session's banner and where its stream starts, past the recorded login response. */
export function splitSession(trace: AmiTrace, session: AmiTraceSession): { banner?: string; streamStart: number } {
  const { bytes } = trace;
  const eol = bytes.indexOf('\n', session.startByte);
  if (eol === -1 || eol >= session.endByte) return { streamStart: session.startByte };
  const firstLine = bytes.toString('utf8', session.startByte, eol).replace(/\r$/, '');
  if (firstLine.includes(':')) return { streamStart: session.startByte };
  let streamStart = eol + 1;
  if (bytes.toString('latin1', streamStart, streamStart + 9) === 'Response:') {
    const end = bytes.indexOf('\r\n\r\n', streamStart);
    streamStart = end === -1 || end >= session.endByte ? session.endByte : end + 4;
  }
  return { banner: firstLine, streamStart };
}

/** The live login response, then the recorded session past its own, cut and paced as `options` say. */
export function sessionSegments(
  trace: AmiTrace,
  session: AmiTraceSession,
  loginResponse: Buffer,
  options: SegmentOptions,
): Segment[] {
  const { streamStart } = splitSession(trace, session);
  const { chunkSize, chunkDelayMs = 0, pauseAfterLoginMs, paceSpeed } = options;
  const body = trace.bytes.subarray(streamStart, session.endByte);
  if (paceSpeed !== undefined) {
    return [{ bytes: loginResponse, delayMs: 0 }, ...pacedSegments(trace, streamStart, session.endByte, options)];
  }
  if (pauseAfterLoginMs !== undefined) {
    const rest = chunk(body, chunkSize, chunkDelayMs);
    if (rest.length > 0) rest[0] = { bytes: rest[0].bytes, delayMs: pauseAfterLoginMs };
    return [{ bytes: loginResponse, delayMs: 0 }, ...rest];
  }
  return chunk(Buffer.concat([loginResponse, body]), chunkSize, chunkDelayMs);
}

function pacedSegments(trace: AmiTrace, from: number, to: number, options: SegmentOptions): Segment[] {
  const speed = options.paceSpeed ?? 1;
  const timeline = loadTraceTimeline(trace.amiPath);
  let previousAt = timeline.find((b) => b.startByte < from && b.endByte >= from)?.atMs ?? 0;
  const out: Segment[] = [];
  for (const block of timeline) {
    if (block.endByte <= from || block.startByte >= to) continue;
    const bytes = trace.bytes.subarray(Math.max(from, block.startByte), Math.min(to, block.endByte));
    const pieces = chunk(bytes, options.chunkSize, options.chunkDelayMs ?? 0);
    pieces[0] = { bytes: pieces[0].bytes, delayMs: Math.max(0, (block.atMs - previousAt) / speed) };
    out.push(...pieces);
    previousAt = block.atMs;
  }
  return out;
}

function chunk(bytes: Buffer, size: number | undefined, delayMs: number): Segment[] {
  if (bytes.length === 0) return [];
  if (size === undefined || size <= 0) return [{ bytes, delayMs: 0 }];
  const out: Segment[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    out.push({ bytes: bytes.subarray(at, at + size), delayMs: at === 0 ? 0 : delayMs });
  }
  return out;
}
