import { CallDirection, CallDisposition, CallRecord } from './call-record';

interface CallEventBase {
  callId: string;
  /** ISO-8601, from the AMI event's Timestamp */
  at: string;
  /**
   * 1, 2, 3… per call in the order the tracker emitted them: the same stream gives the same numbers, so
   * `callId#seq` identifies an event across ingest replicas and replays, and orders its delivery.
   */
  seq: number;
}

/** Who the call is between, as known when the event happened (a card needs both numbers). */
interface CallPartiesFields {
  direction: CallDirection;
  from: string | null;
  to: string | null;
}

/*
 * The card stream. A card is (call, extension): what ELMA365 shows one operator about one call. Every card event
 * names its `extension`; a card opens with exactly one `call.ringing`, is answered at most once (`call.answered` or
 * `call.transfer_answered`) and closes with exactly one of `call.ringing_stopped` (never answered), `call.left`
 * (answered, the operator left a call that goes on) or `call.ended` (the one card still open when the call ends).
 * An event whose `extension` is null opens, answers or closes no card. See docs/call-tracker.md.
 */

/** A card opens: no card of this extension is open in the call (a transfer target rings after the answer too). */
export interface CallRingingEvent extends CallEventBase, CallPartiesFields {
  type: 'call.ringing';
  /** callee: the extension's phone rings (or answers without ringing); caller: the extension started an outgoing call */
  role: 'callee' | 'caller';
  extension: string;
}

/** The call is answered (once per call): the record's `answeredBy`, whose card this answers. */
export interface CallAnsweredEvent extends CallEventBase, CallPartiesFields {
  type: 'call.answered';
  /** the extension whose open card is answered; null when no extension took it (a trunk answered an inbound call) */
  extension: string | null;
}

/**
 * A phone that started ringing after the call was answered (a transfer target) took the call: its card is answered.
 * The call's answer, and the record's `answeredBy`, stay the first ones.
 */
export interface CallTransferAnsweredEvent extends CallEventBase, CallPartiesFields {
  type: 'call.transfer_answered';
  extension: string;
}

export type RingingStopReason = 'answered_elsewhere' | 'cancelled' | 'no_answer' | 'busy' | 'failed';

/** An unanswered callee card closes: its phone stopped ringing, for `reason`. */
export interface CallRingingStoppedEvent extends CallEventBase, CallPartiesFields {
  type: 'call.ringing_stopped';
  extension: string;
  reason: RingingStopReason;
}

/**
 * An answered card closes before the call ends: its operator hung up while the call goes on with someone else (they
 * transferred it, another operator has a card in it) or the call became part of another one (its card closes here).
 */
export interface CallLeftEvent extends CallEventBase, CallPartiesFields {
  type: 'call.left';
  extension: string;
}

export interface CallEndedEvent extends CallEventBase, CallPartiesFields {
  type: 'call.ended';
  disposition: CallDisposition | null;
  /**
   * The card this closes, with the call's disposition: the one card still open when the call ends (the others were
   * closed just before); null when none is open, and always for a merged call (its cards closed at the merge).
   */
  extension: string | null;
  /** set when this call became part of another one (attended transfer, linkedid merge) */
  mergedInto: string | null;
}

export interface CallFinishedEvent extends CallEventBase {
  type: 'call.finished';
  record: CallRecord;
  /**
   * Set when the connector never saw the call live and rebuilt it after a reconnect from the PBX's own CDR
   * (gap-fill): such a call has no live events, and the worker drops it when the call is already stored.
   */
  recoveredFrom?: 'cdr';
  /**
   * Set when this tracker met the call first in a channel list (it joined mid-call: a restart, a second replica):
   * it may know less than a tracker that saw the call from the start, so it never replaces a stored record.
   */
  resumed?: true;
}

/**
 * The `seq` of a recovered call's only event: after anything the tracker could have emitted for the same call (an
 * ingest that restarted mid-call), so its record is delivered last; the delivery ledger's seq is a 4-byte integer.
 */
export const RECOVERED_CALL_SEQ = 2 ** 31 - 1;

export function isRecoveredCall(event: CallEvent): event is CallFinishedEvent & { recoveredFrom: 'cdr' } {
  return event.type === 'call.finished' && event.recoveredFrom !== undefined;
}

export type CallEvent =
  | CallRingingEvent
  | CallAnsweredEvent
  | CallTransferAnsweredEvent
  | CallRingingStoppedEvent
  | CallLeftEvent
  | CallEndedEvent
  | CallFinishedEvent;
