import type { CallEvent, CallRecord } from '@app/calls';
import { cardExtensionOf, mapCallEvent } from './call-event.mapper';
import { mapCallRecord } from './call-record.mapper';
import { WEBHOOK_PAYLOAD_VERSION, WebhookEventPayloadV1, WebhookRecordPayloadV1 } from './webhook-payload';

export function eventPayloadId(event: Pick<CallEvent, 'callId' | 'seq'>): string {
  return `${event.callId}#${event.seq}`;
}

export function recordPayloadId(record: Pick<CallRecord, 'callId'>): string {
  return `${record.callId}#record`;
}

/**
 * The webhook body for a live tracker event; null when ELMA365 has no event for it: `call.finished` (the record) and
 * an event that touches no card (its extension is null).
 */
export function buildEventPayload(pbxId: string, event: CallEvent): WebhookEventPayloadV1 | null {
  const voip = mapCallEvent(event);
  if (voip === null) return null;
  return {
    version: WEBHOOK_PAYLOAD_VERSION,
    id: eventPayloadId(event),
    kind: 'event',
    callId: event.callId,
    pbxId,
    card: cardExtensionOf(event),
    event: voip,
  };
}

export function buildRecordPayload(record: CallRecord): WebhookRecordPayloadV1 {
  return {
    version: WEBHOOK_PAYLOAD_VERSION,
    id: recordPayloadId(record),
    kind: 'record',
    callId: record.callId,
    pbxId: record.pbxId,
    record: mapCallRecord(record),
  };
}
