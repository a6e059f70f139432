import type { CallEvent } from '@app/calls';

/** One tracker event on its way from ingest to the worker. */
export interface CallEventJob {
  pbxId: string;
  event: CallEvent;
}

/** live: best effort, skipped once stale (cards); record: retried until it arrives or is dead-lettered. */
export type DeliveryKind = 'live' | 'record';

/** Where a delivery goes: the telephony module's webhook, or ELMA365's /pub/v1 API (generic mode). */
export const DeliveryTarget = {
  Elma365Webhook: 'elma365-webhook',
  Elma365Generic: 'elma365-generic',
} as const;

export type DeliveryTarget = (typeof DeliveryTarget)[keyof typeof DeliveryTarget];

/** One delivery to ELMA365; the payload itself is stored with the delivery row. */
export interface Elma365DeliveryJob {
  eventKey: string;
  callId: string;
  kind: DeliveryKind;
  target: DeliveryTarget;
}
