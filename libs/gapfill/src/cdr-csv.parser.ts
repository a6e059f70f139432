import { splitCsvRecords } from './csv-records';
import { CDR_CSV_COLUMNS, CdrRow } from './cdr-row';
import { CdrLineProblem, GapFillErrorCode } from './gapfill.exception';

export interface CdrCsvChunk {
  readonly rows: CdrRow[];
  /** bytes of the chunk that were complete lines; a last line Asterisk is still writing is not among them */
  readonly consumedBytes: number;
  /** lines that were skipped, with why */
  readonly problems: CdrLineProblem[];
}

const TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const INTEGER = /^-?\d+$/;

/**
 * Complete cdr_csv lines of `data` as CDR rows. `fileOffset` is where `data` starts in the file (for the problems'
 * offsets). Pure: the same bytes give the same rows.
 */
export function parseCdrCsv(data: Buffer, fileOffset = 0): CdrCsvChunk {
  const { records, consumedBytes } = splitCsvRecords(data);
  const rows: CdrRow[] = [];
  const problems: CdrLineProblem[] = [];
  for (const record of records) {
    const parsed = cdrRowOf(record.fields, fileOffset + record.offset);
    if ('message' in parsed) problems.push(parsed);
    else rows.push(parsed);
  }
  return { rows, consumedBytes, problems };
}

function cdrRowOf(fields: readonly string[], offset: number): CdrRow | CdrLineProblem {
  if (fields.length !== CDR_CSV_COLUMNS.length) {
    return {
      code: GapFillErrorCode.UnexpectedColumns,
      offset,
      message:
        `${fields.length} fields, expected ${CDR_CSV_COLUMNS.length}: cdr.conf [csv] needs loguniqueid, ` +
        'loguserfield and newcdrcolumns = yes',
    };
  }
  const value = Object.fromEntries(CDR_CSV_COLUMNS.map((name, i) => [name, fields[i]])) as Record<
    (typeof CDR_CSV_COLUMNS)[number],
    string
  >;
  const startMs = utcTime(value.start);
  const endMs = utcTime(value.end);
  const answerMs = value.answer === '' ? null : utcTime(value.answer);
  const counts = [value.duration, value.billableSeconds, value.sequence];
  if (startMs === undefined || endMs === undefined || answerMs === undefined || !counts.every((c) => INTEGER.test(c))) {
    return {
      code: GapFillErrorCode.BadValue,
      offset,
      message: `unreadable times or counts (start "${value.start}", end "${value.end}", duration "${value.duration}")`,
    };
  }
  return {
    accountCode: value.accountCode,
    source: value.source,
    destination: value.destination,
    destinationContext: value.destinationContext,
    callerId: value.callerId,
    channel: value.channel,
    destinationChannel: value.destinationChannel,
    lastApplication: value.lastApplication,
    lastData: value.lastData,
    startMs,
    answerMs,
    endMs,
    duration: Number(value.duration),
    billableSeconds: Number(value.billableSeconds),
    disposition: value.disposition,
    amaFlags: value.amaFlags,
    uniqueId: value.uniqueId,
    userField: value.userField,
    peerAccount: value.peerAccount,
    linkedId: value.linkedId,
    sequence: Number(value.sequence),
  };
}

/** `2026-11-26 05:59:33` (cdr_csv with usegmtime) as epoch ms; undefined when it is not such a time. */
export function utcTime(text: string): number | undefined {
  const m = TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  return Date.UTC(year, month - 1, day, hour, minute, second);
}
