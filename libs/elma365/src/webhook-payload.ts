import type { CallRecord } from '@app/calls';
import { VoipDirection, VoipDisposition, VoipEventName } from './voip-types';

export const WEBHOOK_PAYLOAD_VERSION = 1;

/** ELMA365's `VoipWebhookRequest` (drives the call card), plus when it happened. */
export interface VoipEventV1 {
  event: VoipEventName;
  direction: VoipDirection;
  srcPhone: string;
  dstPhone: string;
  srcPhoneExt?: string;
  dstPhoneExt?: string;
  disposition?: VoipDisposition;
  callId: string;
  /** ISO-8601 with offset, the PBX's time of the event */
  at: string;
}

/** ELMA365's `VoipCallRecord` (the finished call in the feed and the Звонки item). */
export interface VoipRecordV1 {
  srcPhone: string;
  dstPhone: string;
  srcPhoneExt?: string;
  dstPhoneExt?: string;
  direction: VoipDirection;
  disposition: VoipDisposition;
  /** talk seconds; 0 when nobody answered */
  duration: number;
  callId: string;
  /** the whole record, handed back by ELMA365 to `VoipGetCallLink` at playback time */
  call: CallRecord;
}

interface WebhookPayloadBaseV1 {
  version: typeof WEBHOOK_PAYLOAD_VERSION;
  /**
   * Delivery id, the same on every retry (the module dedupes on it): `<callId>#<seq>` for an event,
   * `<callId>#record` for the record. No send time in the payload, so a retry sends the same bytes.
   */
  id: string;
  callId: string;
  pbxId: string;
}

export interface WebhookEventPayloadV1 extends WebhookPayloadBaseV1 {
  kind: 'event';
  event: VoipEventV1;
}

export interface WebhookRecordPayloadV1 extends WebhookPayloadBaseV1 {
  kind: 'record';
  record: VoipRecordV1;
}

export type WebhookPayloadV1 = WebhookEventPayloadV1 | WebhookRecordPayloadV1;
