import { type CallFinishedEvent, type CallRecord, RECOVERED_CALL_SEQ } from '@app/calls';

/** A call rebuilt from the CDR, as the one event it gets: its record, flagged so the worker stores it only once. */
export function recoveredCallEvent(record: CallRecord): CallFinishedEvent {
  return {
    type: 'call.finished',
    callId: record.callId,
    at: record.endedAt,
    seq: RECOVERED_CALL_SEQ,
    record,
    recoveredFrom: 'cdr',
  };
}
