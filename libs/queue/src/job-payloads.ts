import type { CallEvent } from '@app/calls';

/** One tracker event on its way from ingest to the worker. */
export interface CallEventJob {
  pbxId: string;
  event: CallEvent;
}

export type DeliveryKind = 'live' | 'record';

/** One delivery to ELMA365; the payload itself is stored with the delivery row. */
export interface Elma365DeliveryJob {
  eventKey: string;
  callId: string;
  kind: DeliveryKind;
}
