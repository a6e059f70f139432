import { AmiFrameParser, AmiMessage } from '@app/ami';
import { loadTrace } from '@app/pbx-simulator';

/** What a Master.csv line has that a manager `Cdr` event of the lab does not (its cdr_manager has no newcdrcolumns). */
export interface CdrCsvExtras {
  readonly linkedid: string;
  readonly sequence: number;
  readonly peerAccount?: string;
}

/**
 * A manager `Cdr` event as the line cdr_csv writes for the same CDR with `usegmtime`, `loguniqueid`, `loguserfield`
 * and `newcdrcolumns` on (docker/asterisk/cdr.conf): the columns of `CDR_CSV_COLUMNS` (@app/gapfill), strings in
 * double quotes with `"` doubled, duration/billsec/sequence bare, an unset time empty and unquoted, `\n` at the end.
 * The lab PBX runs in UTC, so the manager's zone-less times are already the UTC ones; `shiftMs` moves them all.
 */
export function cdrCsvLine(cdr: AmiMessage, extras: CdrCsvExtras, shiftMs = 0): string {
  const text = (name: string): string => quoted(cdr.get(name) ?? '');
  const time = (name: string): string => {
    const value = cdr.get(name) ?? '';
    return value === '' ? '' : quoted(shiftedTime(value, shiftMs));
  };
  const count = (name: string): string => String(Number(cdr.get(name) ?? '0'));
  const fields = [
    text('AccountCode'),
    text('Source'),
    text('Destination'),
    text('DestinationContext'),
    text('CallerID'),
    text('Channel'),
    text('DestinationChannel'),
    text('LastApplication'),
    text('LastData'),
    time('StartTime'),
    time('AnswerTime'),
    time('EndTime'),
    count('Duration'),
    count('BillableSeconds'),
    text('Disposition'),
    text('AMAFlags'),
    text('UniqueID'),
    text('UserField'),
    quoted(extras.peerAccount ?? ''),
    quoted(extras.linkedid),
    String(extras.sequence),
  ];
  return `${fields.join(',')}\n`;
}

export interface TraceCdrCsvOptions {
  /** move every time so that the trace's earliest CDR starts at this moment (recorded calls become recent ones) */
  readonly startingAt?: number;
  /** CDR sequence of the trace's first CDR (default 1) */
  readonly firstSequence?: number;
}

/**
 * The Master.csv text Asterisk wrote during a recorded trace: one line per `Cdr` event, in the order they came.
 * A CDR's linkedid is its party A's (the `UniqueID`), taken from the trace's channel events (Newchannel, then any
 * later event carrying both headers: the last one wins, as a channel's linkedid can change in a bridge). The
 * sequence follows the CDRs' start times, as Asterisk numbers CDRs when it creates them.
 */
export function traceCdrCsv(trace: string, options: TraceCdrCsvOptions = {}): string {
  const messages = traceMessages(trace);
  const linkedids = new Map<string, string>();
  for (const m of messages) {
    const uniqueid = m.get('Uniqueid');
    const linkedid = m.get('Linkedid');
    if (uniqueid && linkedid && m.event !== 'Cdr') linkedids.set(uniqueid, linkedid);
  }
  const cdrs = messages.filter((m) => m.event === 'Cdr');
  if (cdrs.length === 0) return '';
  const startOf = (m: AmiMessage): number => utcMs(m.get('StartTime') ?? '');
  const byStart = cdrs.map((m, i) => ({ m, i })).sort((a, b) => startOf(a.m) - startOf(b.m) || a.i - b.i);
  const firstSequence = options.firstSequence ?? 1;
  const sequence = new Map(byStart.map(({ m }, rank) => [m, firstSequence + rank]));
  const shiftMs = options.startingAt === undefined ? 0 : options.startingAt - startOf(byStart[0].m);
  return cdrs
    .map((m) => {
      const uniqueid = m.get('UniqueID') ?? '';
      return cdrCsvLine(m, { linkedid: linkedids.get(uniqueid) ?? uniqueid, sequence: sequence.get(m) ?? 0 }, shiftMs);
    })
    .join('');
}

/** Every block of a recorded trace, parsed. */
export function traceMessages(trace: string): AmiMessage[] {
  const parser = new AmiFrameParser();
  const out: AmiMessage[] = [];
  for (const frame of parser.push(loadTrace(trace).bytes)) if (frame.kind === 'message') out.push(frame.message);
  return out;
}

function quoted(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

function utcMs(time: string): number {
  return Date.parse(`${time.replace(' ', 'T')}Z`);
}

function shiftedTime(time: string, shiftMs: number): string {
  if (shiftMs === 0) return time;
  return new Date(utcMs(time) + shiftMs).toISOString().slice(0, 19).replace('T', ' ');
}
