import { Elma365Exception } from '@app/elma365';
import type { DeliveryRepository } from '@app/persistence';
import type { DeliveryKind, DeliveryTarget } from '@app/deliveries';

/** A failed attempt, classified as both ELMA365 clients classify (Elma365Exception). */
export interface DeliveryFailure extends Elma365Exception {
  /** the address the attempt went to, for a target whose address can change at run time (the webhook link) */
  readonly sentTo?: string;
}

export function isDeliveryFailure(error: unknown): error is DeliveryFailure {
  return error instanceof Elma365Exception;
}

/** Sends one ledger payload to one target; throws a DeliveryFailure when it did not arrive. */
export interface DeliverySender {
  readonly target: DeliveryTarget;
  send(payload: unknown, kind: DeliveryKind): Promise<{ status: number | null }>;
  /**
   * For a target whose address can change at run time: runs `settle` (dead-lettering a refused attempt) only while
   * `sentTo` is still the address, and answers false without running it when the address moved meanwhile.
   */
  settleUnlessMoved?(sentTo: string, settle: (deliveries: DeliveryRepository) => Promise<void>): Promise<boolean>;
}

/** The senders the worker has, by target (a target whose settings are missing has none). */
export abstract class DeliverySenders {
  abstract forTarget(target: DeliveryTarget): DeliverySender | undefined;
}
