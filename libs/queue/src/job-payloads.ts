import type { CallEvent } from '@app/calls';
import type { DeliveryKind, DeliveryTarget } from '@app/deliveries';

/** One tracker event on its way from ingest to the worker. */
export interface CallEventJob {
  pbxId: string;
  event: CallEvent;
}

/** One delivery to ELMA365; the payload itself is stored with the delivery row. */
export interface Elma365DeliveryJob {
  eventKey: string;
  callId: string;
  kind: DeliveryKind;
  target: DeliveryTarget;
}
