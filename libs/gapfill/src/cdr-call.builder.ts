import {
  type CallDirection,
  type CallLeg,
  type CallRecord,
  type CallTrackerOptions,
  type CallTransfer,
  isUnknownNumber,
  parseChannelName,
  PartyClassifier,
} from '@app/calls';
import { dialledNumberOf, isUnansweredOriginate, queueNameOf } from './cdr-app-data';
import { CdrCall, type CdrLeg } from './cdr-call';
import { cdrUnansweredDisposition } from './cdr-disposition';
import type { CdrRow } from './cdr-row';

/** What the dialplan may store in CDR(userfield) for the recording to come back with a recovered call. */
const RECORDING_FILE = /\.(wav|wav49|gsm|mp3|ogg|opus|g722|ulaw|alaw|sln\d*)$/i;

const DIAL_STATUS: Readonly<Record<string, string>> = {
  ANSWERED: 'ANSWER',
  'NO ANSWER': 'NOANSWER',
  BUSY: 'BUSY',
  CONGESTION: 'CONGESTION',
  FAILED: 'CHANUNAVAIL',
};

/**
 * CDR rows as finished calls, in the shape the tracker gives them and under the same id (`<pbxId>:<linkedid>`), so
 * the calls table and the delivery ledger see one call whichever way it arrived. Rows are grouped by Linkedid;
 * direction and parties come from the same endpoint classification as the tracker's. What CDR cannot know is left
 * out: the Hangup cause, and the answer time of a caller the dialplan answered itself (queue, IVR) — see
 * docs/gap-fill.md. Pure.
 */
export function cdrRowsToCallRecords(rows: readonly CdrRow[], options: CallTrackerOptions): CallRecord[] {
  const classifier = new PartyClassifier(options);
  const byLinkedid = new Map<string, CdrRow[]>();
  for (const row of rows) {
    const linkedid = row.linkedId || row.uniqueId;
    byLinkedid.set(linkedid, [...(byLinkedid.get(linkedid) ?? []), row]);
  }
  return [...byLinkedid]
    .map(([linkedid, callRows]) => new CdrCall(linkedid, callRows, classifier))
    .sort((a, b) => a.startedAtMs - b.startedAtMs)
    .map((call) => recordOf(call, options.pbxId, classifier));
}

function recordOf(call: CdrCall, pbxId: string, classifier: PartyClassifier): CallRecord {
  const legs = call.legs();
  const answered = answeredLegs(legs);
  const first = answered[0];
  const parties = partiesOf(call, legs, classifier);
  const startedAt = call.startedAtMs;
  const endedAt = call.endedAtMs;
  const answeredAt = first
    ? Math.max(startedAt, first.row.answerMs ?? first.callerRow.answerMs ?? first.row.startMs)
    : undefined;
  return {
    callId: `${pbxId}:${call.linkedid}`,
    pbxId,
    linkedid: call.linkedid,
    direction: parties.direction,
    from: parties.from,
    to: parties.to,
    answeredBy: first ? (call.extensionOf(first.channel) ?? parties.callerExtension) : null,
    disposition: first ? 'answered' : cdrUnansweredDisposition(call, legs),
    startedAt: iso(startedAt),
    answeredAt: answeredAt === undefined ? null : iso(answeredAt),
    endedAt: iso(endedAt),
    waitSeconds: answeredAt === undefined ? null : seconds(answeredAt - startedAt),
    talkSeconds: answeredAt === undefined ? null : seconds(endedAt - answeredAt),
    extensions: call.extensions(),
    transfers: transfersOf(call, answered, classifier),
    queue: call.callerRows.map(queueNameOf).find((q) => q !== undefined) ?? null,
    recording: call.rows.map((r) => r.userField).find((f) => RECORDING_FILE.test(f)) ?? null,
    hangupCause: null,
    legs: legs.map((leg) => legOf(call, leg, classifier)),
  };
}

/** Legs a real phone or trunk answered (an IVR answering the caller's own channel is not one), first answer first. */
function answeredLegs(legs: readonly CdrLeg[]): CdrLeg[] {
  return legs
    .filter((leg) => leg.row.disposition === 'ANSWERED' && leg.kind !== 'local')
    .sort((a, b) => answerTime(a) - answerTime(b) || a.callerRow.sequence - b.callerRow.sequence);
}

function answerTime(leg: CdrLeg): number {
  return leg.row.answerMs ?? leg.row.startMs;
}

interface CdrParties {
  direction: CallDirection;
  from: string | null;
  to: string | null;
  callerExtension: string | null;
}

/**
 * As the tracker decides: a trunk caller is inbound (from its number to the number it dialled); an extension caller
 * is outbound when a trunk was dialled or the dialled number is not an extension, internal otherwise.
 */
function partiesOf(call: CdrCall, legs: readonly CdrLeg[], classifier: PartyClassifier): CdrParties {
  const caller = call.callerChannel;
  const first = call.callerRows[0] ?? call.callerRow;
  const exten = isUnknownNumber(first.destination) ? undefined : first.destination;
  if (call.kindOf(caller) === 'trunk') {
    return {
      direction: 'in',
      from: classifier.phone(callerNumberOf(call.callerRow)),
      to: classifier.phone(exten),
      callerExtension: null,
    };
  }
  const callerExtension = call.extensionOf(caller);
  const trunkLegs = legs.filter((leg) => leg.kind === 'trunk');
  const trunkNumber = trunkLegs
    .map((leg) => dialledNumberOf(leg.row, parseChannelName(leg.channel).resource))
    .find((n) => n !== undefined);
  // The connector's own Originate shows the client's number as the agent's caller id.
  const dialled = exten ?? (isUnansweredOriginate(call.callerRow) ? callerNumberOf(call.callerRow) : undefined);
  const from = callerExtension ?? classifier.party(callerNumberOf(call.callerRow));
  if (trunkLegs.length > 0 || (dialled !== undefined && !classifier.isExtension(dialled))) {
    return { direction: 'out', from, to: classifier.phone(trunkNumber ?? dialled), callerExtension };
  }
  const firstDialled = legs.map((leg) => call.extensionOf(leg.channel)).find((e) => e !== null);
  return { direction: 'internal', from, to: dialled ?? firstDialled ?? null, callerExtension };
}

/** The caller's number: the CDR source, else the number in `"Name" <number>`. */
function callerNumberOf(row: CdrRow): string | undefined {
  if (!isUnknownNumber(row.source)) return row.source;
  const number = /<([^>]*)>\s*$/.exec(row.callerId)?.[1];
  return number === undefined || isUnknownNumber(number) ? undefined : number;
}

/**
 * Best effort: each time a different party answered the caller, the previous one transferred the call; attended
 * when that party placed a call of its own in this one (the consultation), blind otherwise.
 */
function transfersOf(call: CdrCall, answered: readonly CdrLeg[], classifier: PartyClassifier): CallTransfer[] {
  const transfers: CallTransfer[] = [];
  for (let i = 1; i < answered.length; i += 1) {
    const previous = answered[i - 1];
    const next = answered[i];
    const from = partyOf(call, previous, classifier);
    const to = partyOf(call, next, classifier);
    if (from === to) continue;
    transfers.push({
      kind: call.dialledOut(previous.channel) ? 'attended' : 'blind',
      from,
      to,
      at: iso(next.callerRow.startMs),
    });
  }
  return transfers;
}

function partyOf(call: CdrCall, leg: CdrLeg, classifier: PartyClassifier): string | null {
  return (
    call.extensionOf(leg.channel) ?? classifier.phone(dialledNumberOf(leg.row, parseChannelName(leg.channel).resource))
  );
}

function legOf(call: CdrCall, leg: CdrLeg, classifier: PartyClassifier): CallLeg {
  const answered = leg.row.disposition === 'ANSWERED';
  return {
    channel: leg.channel,
    party: partyOf(call, leg, classifier),
    startedAt: iso(leg.row.startMs),
    answeredAt: answered ? iso(leg.row.answerMs ?? leg.row.startMs) : null,
    endedAt: iso(leg.row.endMs),
    dialStatus: DIAL_STATUS[leg.row.disposition] ?? null,
    hangupCause: null,
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function seconds(ms: number): number {
  return Math.round(Math.max(0, ms)) / 1000;
}
