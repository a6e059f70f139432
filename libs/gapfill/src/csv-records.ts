const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** One CSV record: its fields and the byte offset where it starts. */
export interface CsvRecord {
  readonly fields: string[];
  readonly offset: number;
}

export interface CsvRecords {
  readonly records: CsvRecord[];
  /** the bytes that made complete records; what follows is a line still being written */
  readonly consumedBytes: number;
}

/**
 * Splits CSV bytes into records: fields are bare or double-quoted (`""` inside quotes is one `"`, and a quoted field
 * may hold commas and newlines); a record ends at a newline outside quotes (`\r\n` is accepted). A record without its
 * newline is not complete, whatever it looks like, and is left for the next read. Works on bytes because the
 * delimiters are ASCII and never occur inside a UTF-8 sequence, so offsets stay byte offsets of the file.
 */
export function splitCsvRecords(data: Buffer): CsvRecords {
  const records: CsvRecord[] = [];
  let consumedBytes = 0;
  let at = 0;
  for (;;) {
    const record = readRecord(data, at);
    if (record === undefined) break;
    at = record.next;
    consumedBytes = at;
    if (!(record.fields.length === 1 && record.fields[0] === '')) {
      records.push({ fields: record.fields, offset: record.offset });
    }
  }
  return { records, consumedBytes };
}

function readRecord(data: Buffer, start: number): { fields: string[]; offset: number; next: number } | undefined {
  const fields: string[] = [];
  let at = start;
  for (;;) {
    const field = data[at] === QUOTE ? readQuoted(data, at) : readBare(data, at);
    if (field === undefined) return undefined;
    fields.push(field.value);
    at = field.next;
    if (data[at] === LF) return { fields, offset: start, next: at + 1 };
    at += 1;
  }
}

/** A bare field up to `,` or the newline; undefined when the data ends first. */
function readBare(data: Buffer, start: number): { value: string; next: number } | undefined {
  const end = delimiterFrom(data, start);
  if (end === undefined) return undefined;
  return { value: withoutCr(data, start, end), next: end };
}

/** A quoted field; the bytes after its closing quote up to the delimiter (none from cdr_csv) are kept as they are. */
function readQuoted(data: Buffer, start: number): { value: string; next: number } | undefined {
  const parts: Buffer[] = [];
  let from = start + 1;
  let at = from;
  for (;;) {
    if (at + 1 >= data.length) return undefined;
    if (data[at] !== QUOTE) {
      at += 1;
      continue;
    }
    if (data[at + 1] === QUOTE) {
      parts.push(data.subarray(from, at + 1));
      at += 2;
      from = at;
      continue;
    }
    parts.push(data.subarray(from, at));
    break;
  }
  const end = delimiterFrom(data, at + 1);
  if (end === undefined) return undefined;
  const rest = withoutCr(data, at + 1, end);
  return { value: Buffer.concat(parts).toString('utf8') + rest, next: end };
}

function delimiterFrom(data: Buffer, start: number): number | undefined {
  for (let at = start; at < data.length; at += 1) {
    if (data[at] === COMMA || data[at] === LF) return at;
  }
  return undefined;
}

/** The bytes start..end as text, less the `\r` of a `\r\n` line end. */
function withoutCr(data: Buffer, start: number, end: number): string {
  const last = data[end] === LF && end > start && data[end - 1] === CR ? end - 1 : end;
  return data.toString('utf8', start, last);
}
