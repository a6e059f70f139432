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
}

export type CallEvent =
  CallRingingEvent | CallAnsweredEvent | CallRingingStoppedEvent | CallEndedEvent | CallFinishedEvent;
