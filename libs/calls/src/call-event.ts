import { CallDirection, CallDisposition, CallRecord } from './call-record';

interface CallEventBase {
  callId: string;
  /** ISO-8601, from the AMI event's Timestamp */
  at: string;
}

export interface CallRingingEvent extends CallEventBase {
  type: 'call.ringing';
  /** callee: the extension's phone rings; caller: the extension started an outgoing call */
  role: 'callee' | 'caller';
  extension: string;
  direction: CallDirection;
  from: string | null;
  to: string | null;
}

export interface CallAnsweredEvent extends CallEventBase {
  type: 'call.answered';
  extension: string | null;
  direction: CallDirection;
  from: string | null;
  to: string | null;
}

export type RingingStopReason = 'answered_elsewhere' | 'cancelled' | 'no_answer' | 'busy' | 'failed';

export interface CallRingingStoppedEvent extends CallEventBase {
  type: 'call.ringing_stopped';
  extension: string;
  reason: RingingStopReason;
}

export interface CallEndedEvent extends CallEventBase {
  type: 'call.ended';
  disposition: CallDisposition | null;
  /** set when this call became part of another one (attended transfer, linkedid merge) */
  mergedInto: string | null;
}

export interface CallFinishedEvent extends CallEventBase {
  type: 'call.finished';
  record: CallRecord;
}

export type CallEvent =
  CallRingingEvent | CallAnsweredEvent | CallRingingStoppedEvent | CallEndedEvent | CallFinishedEvent;
