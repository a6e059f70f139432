import type { CallEvent } from '@app/calls';

/**
 * The same tracker event always gets the same id (`callId#seq`), so a second ingest replica, a reconnect or a
 * replay adds nothing new. BullMQ refuses ':' in custom ids, hence the escaping.
 */
export function callEventKey(event: Pick<CallEvent, 'callId' | 'seq'>): string {
  return `${event.callId}#${event.seq}`;
}

export function jobIdOf(key: string): string {
  return key.replace(/:/g, '|');
}
