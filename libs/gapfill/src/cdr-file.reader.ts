import { createHash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { CHECKPOINT_HEAD_BYTES, type CdrCheckpoint } from './cdr-checkpoint';
import { parseCdrCsv } from './cdr-csv.parser';
import type { CdrRow } from './cdr-row';
import { type CdrLineProblem, GapFillErrorCode, GapFillException } from './gapfill.exception';

export interface CdrFileRead {
  readonly rows: CdrRow[];
  readonly problems: CdrLineProblem[];
  /** where the next read starts: after the last complete line */
  readonly checkpoint: CdrCheckpoint;
  /** the file was shorter than the checkpoint or began differently (rotated, truncated): read from its start */
  readonly restarted: boolean;
}

export interface CdrFileReadOptions {
  /** rows failing this are dropped while reading (a whole Master.csv need not fit in memory) */
  readonly keepRow?: (row: CdrRow) => boolean;
  readonly chunkBytes?: number;
}

const DEFAULT_CHUNK_BYTES = 1024 * 1024;

/**
 * The complete cdr_csv lines written since `from`. A file smaller than the checkpoint, or whose first bytes differ
 * from those seen then, is a new file (logrotate, a truncation) and is read from its start. A missing file is an
 * empty one: Asterisk creates it at its first CDR.
 * @throws GapFillException (CdrFileUnreadable) when the file exists but cannot be read
 */
export async function readCdrFile(
  path: string,
  from: CdrCheckpoint | null,
  options: CdrFileReadOptions = {},
): Promise<CdrFileRead> {
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return {
        rows: [],
        problems: [],
        checkpoint: from ?? { offset: 0, head: headOf(Buffer.alloc(0)) },
        restarted: false,
      };
    }
    throw unreadable(path, error);
  }
  try {
    return await readFrom(file, from, options);
  } catch (error) {
    throw error instanceof GapFillException ? error : unreadable(path, error);
  } finally {
    await file.close();
  }
}

async function readFrom(
  file: FileHandle,
  from: CdrCheckpoint | null,
  options: CdrFileReadOptions,
): Promise<CdrFileRead> {
  const { size } = await file.stat();
  const resumes = from !== null && from.offset <= size && (await headAt(file, from.offset)) === from.head;
  const start = resumes ? from.offset : 0;
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const keep = options.keepRow ?? (() => true);
  const rows: CdrRow[] = [];
  const problems: CdrLineProblem[] = [];
  let carry = Buffer.alloc(0);
  let position = start;
  while (position < size) {
    const chunk = Buffer.alloc(Math.min(chunkBytes, size - position));
    const { bytesRead } = await file.read(chunk, 0, chunk.length, position);
    if (bytesRead === 0) break;
    const data = Buffer.concat([carry, chunk.subarray(0, bytesRead)]);
    const parsed = parseCdrCsv(data, position - carry.length);
    rows.push(...parsed.rows.filter(keep));
    problems.push(...parsed.problems);
    carry = data.subarray(parsed.consumedBytes);
    position += bytesRead;
  }
  const offset = position - carry.length;
  return {
    rows,
    problems,
    checkpoint: { offset, head: await headAt(file, offset) },
    restarted: from !== null && !resumes,
  };
}

async function headAt(file: FileHandle, offset: number): Promise<string> {
  const bytes = Buffer.alloc(Math.min(offset, CHECKPOINT_HEAD_BYTES));
  const { bytesRead } = await file.read(bytes, 0, bytes.length, 0);
  return headOf(bytes.subarray(0, bytesRead));
}

function headOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function unreadable(path: string, cause: unknown): GapFillException {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new GapFillException(GapFillErrorCode.CdrFileUnreadable, `cannot read ${path}: ${reason}`, { cause });
}
