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

export interface CallRingingEvent extends CallEventBase, CallPartiesFields {
  type: 'call.ringing';
  /** callee: the extension's phone rings; caller: the extension started an outgoing call */
  role: 'callee' | 'caller';
  extension: string;
}

export interface CallAnsweredEvent extends CallEventBase, CallPartiesFields {
  type: 'call.answered';
  extension: string | null;
}

export type RingingStopReason = 'answered_elsewhere' | 'cancelled' | 'no_answer' | 'busy' | 'failed';

export interface CallRingingStoppedEvent extends CallEventBase, CallPartiesFields {
  type: 'call.ringing_stopped';
  extension: string;
  reason: RingingStopReason;
}

export interface CallEndedEvent extends CallEventBase, CallPartiesFields {
  type: 'call.ended';
  disposition: CallDisposition | null;
  /** the operator whose card this closes: who answered, else the last phone that rang, else the caller's */
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
  CallRingingEvent | CallAnsweredEvent | CallRingingStoppedEvent | CallEndedEvent | CallFinishedEvent;
