import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { traceAmiPath } from './trace-directory';

/** One TCP session of a recorded trace: a byte range of the `.ami` file. */
export interface AmiTraceSession {
  readonly session: number;
  readonly startByte: number;
  readonly endByte: number;
  /** ms since the recording started, when the session's TCP connection was opened */
  readonly connectedAtMs?: number;
}

/** A block the recorder received, with its time: one `"dir":"in"` line of the `.jsonl`. */
export interface AmiTraceTimedBlock {
  readonly atMs: number;
  readonly startByte: number;
  readonly endByte: number;
}

export interface AmiTrace {
  /** file name without `.ami`, e.g. `01-inbound-answered` */
  readonly name: string;
  readonly amiPath: string;
  /** raw bytes as received from Asterisk */
  readonly bytes: Buffer;
  /** from `<name>.sessions.json` when present, else one session over the whole file */
  readonly sessions: readonly AmiTraceSession[];
}

/** A recorded trace (see {@link traceAmiPath} for `nameOrPath`). */
export function loadTrace(nameOrPath: string, sessionsPath?: string): AmiTrace {
  const amiPath = traceAmiPath(nameOrPath);
  const bytes = readFileSync(amiPath);
  const sessionsFile = sessionsPath ?? amiPath.replace(/\.ami$/, '.sessions.json');
  const sessions = existsSync(sessionsFile)
    ? parseSessions(readFileSync(sessionsFile, 'utf8'), bytes.length, sessionsFile)
    : [{ session: 1, startByte: 0, endByte: bytes.length }];
  return { name: path.basename(amiPath, '.ami'), amiPath, bytes, sessions };
}

/**
 * The `"dir":"in"` blocks of the trace's `.jsonl` with their times; their bytes,
 * concatenated, are the `.ami` file, so each block is mapped to its byte range.
 */
export function loadTraceTimeline(amiPath: string): AmiTraceTimedBlock[] {
  const jsonlPath = amiPath.replace(/\.ami$/, '.jsonl');
  const blocks: AmiTraceTimedBlock[] = [];
  let offset = 0;
  for (const line of readFileSync(jsonlPath, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const entry: unknown = JSON.parse(line);
    if (!isInEntry(entry)) continue;
    const size = Buffer.byteLength(entry.raw, 'utf8');
    blocks.push({ atMs: entry.t, startByte: offset, endByte: offset + size });
    offset += size;
  }
  return blocks;
}

function isInEntry(entry: unknown): entry is { t: number; dir: 'in'; raw: string } {
  if (typeof entry !== 'object' || entry === null) return false;
  const e = entry as Record<string, unknown>;
  return e.dir === 'in' && typeof e.t === 'number' && typeof e.raw === 'string';
}

function parseSessions(json: string, size: number, file: string): AmiTraceSession[] {
  const raw: unknown = JSON.parse(json);
  if (!Array.isArray(raw)) throw new Error(`${file}: expected an array of sessions`);
  return raw.map((item: unknown, i): AmiTraceSession => {
    const s = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const { startByte, endByte } = s;
    if (typeof startByte !== 'number' || typeof endByte !== 'number' || startByte > endByte || endByte > size) {
      throw new Error(`${file}: session ${i + 1} has an invalid byte range`);
    }
    return {
      session: typeof s.session === 'number' ? s.session : i + 1,
      startByte,
      endByte,
      connectedAtMs: typeof s.connectedAtMs === 'number' ? s.connectedAtMs : undefined,
    };
  });
}
