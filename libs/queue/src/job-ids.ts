import { type CallEvent, isRecoveredCall } from '@app/calls';

/**
 * The same tracker event always gets the same id (`callId#seq`), so a second ingest replica, a reconnect or a
 * replay adds nothing new. BullMQ refuses ':' in custom ids, hence the escaping.
 */
export function callEventKey(event: Pick<CallEvent, 'callId' | 'seq'>): string {
  return `${event.callId}#${event.seq}`;
}

/**
 * The queue job's key: a call recovered from the CDR is `callId#cdr`, whoever recovered it and however often, so
 * two ingest replicas reading the same CDR file add one job.
 */
export function callEventJobKey(event: CallEvent): string {
  return isRecoveredCall(event) ? `${event.callId}#cdr` : callEventKey(event);
}

export function jobIdOf(key: string): string {
  return key.replace(/:/g, '|');
}
