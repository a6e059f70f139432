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
  /** the extension whose card this event opens, answers or closes (a card is call + extension); null: none */
  card: string | null;
  event: VoipEventV1;
}

export interface WebhookRecordPayloadV1 extends WebhookPayloadBaseV1 {
  kind: 'record';
  record: VoipRecordV1;
}

export type WebhookPayloadV1 = WebhookEventPayloadV1 | WebhookRecordPayloadV1;

/**
 * The doctor's probe (`npm run doctor`): signed like every payload, never shown on a card. The module answers it
 * with a `ModulePingAnswerV1` as JSON text; nothing else is stored or shown in ELMA365.
 */
export interface WebhookPingPayloadV1 {
  version: typeof WEBHOOK_PAYLOAD_VERSION;
  /** `ping:<uuid>`, fresh for every probe */
  id: string;
  kind: 'ping';
  /** ISO-8601, when the doctor sent it */
  sentAt: string;
}

export type WebhookVerificationMode = 'signature' | 'token' | 'url';

/** What the module's `VoipParseWebhookRequest` answers to a ping (HTTP 200, JSON text): ELMA365's run-time facts. */
export interface ModulePingAnswerV1 {
  pong: true;
  /** the ping's own id */
  id: string;
  /** the module's build, the connector's package version it was built from */
  moduleVersion: string;
  verificationMode: WebhookVerificationMode;
  /** the request header names the script received, lower-cased and sorted (never their values) */
  headerNames: string[];
  /** `typeof request.body` as the script saw it */
  bodyType: string;
  /** the SDK's global enums as seen at run time: member name → value; null where the global does not exist */
  sdk: {
    VoipWebhookEvent: Record<string, string> | null;
    VoipCallDirection: Record<string, string> | null;
    VoipCallDisposition: Record<string, string> | null;
  };
  /**
   * The id of the ping this script runtime answered before this one, from module-level state; null when it
   * remembers none. Two pings in a row, the second reporting the first's id: module state survives between runs.
   */
  previousPingId: string | null;
}
