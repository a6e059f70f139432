/**
 * The columns of a cdr_csv Master.csv line, in the order `build_csv_record()` in Asterisk's `cdr/cdr_csv.c` writes
 * them (read in the Asterisk 13/14 source, where newcdrcolumns arrived; not re-read in the Asterisk 22 source, so a
 * line of another width is reported, never guessed at): accountcode, src, dst, dcontext, clid, channel, dstchannel,
 * lastapp, lastdata, start, answer, end, duration, billsec, disposition, amaflags, then `uniqueid` when
 * `loguniqueid = yes`, `userfield` when `loguserfield = yes`, and `peeraccount`, `linkedid`, `sequence` when
 * `newcdrcolumns = yes`. Strings are double-quoted with `"` doubled inside; duration, billsec and sequence are bare
 * integers; an unset time is an empty unquoted field; with `usegmtime = yes` times are `YYYY-MM-DD HH:MM:SS` UTC.
 * The gap-fill needs all four options (docker/asterisk/cdr.conf): the uniqueid finds the caller's row, the linkedid
 * groups a call, and the times must be UTC.
 */
export const CDR_CSV_COLUMNS = [
  'accountCode',
  'source',
  'destination',
  'destinationContext',
  'callerId',
  'channel',
  'destinationChannel',
  'lastApplication',
  'lastData',
  'start',
  'answer',
  'end',
  'duration',
  'billableSeconds',
  'disposition',
  'amaFlags',
  'uniqueId',
  'userField',
  'peerAccount',
  'linkedId',
  'sequence',
] as const;

/** `ANSWERED`, `NO ANSWER`, `BUSY`, `FAILED`, `CONGESTION` (ast_cdr_disp2str) */
export type CdrDisposition = string;

/** One CDR: one leg of a call as Asterisk saw it (party A = `channel`, party B = `destinationChannel`). */
export interface CdrRow {
  readonly accountCode: string;
  readonly source: string;
  readonly destination: string;
  readonly destinationContext: string;
  /** `"Name" <number>` */
  readonly callerId: string;
  readonly channel: string;
  /** empty when party A dialled nobody (dialplan apps only) */
  readonly destinationChannel: string;
  readonly lastApplication: string;
  readonly lastData: string;
  /** epoch ms (whole seconds) */
  readonly startMs: number;
  readonly answerMs: number | null;
  readonly endMs: number;
  readonly duration: number;
  readonly billableSeconds: number;
  readonly disposition: CdrDisposition;
  readonly amaFlags: string;
  readonly uniqueId: string;
  readonly userField: string;
  readonly peerAccount: string;
  readonly linkedId: string;
  readonly sequence: number;
}
