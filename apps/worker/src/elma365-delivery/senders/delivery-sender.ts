import type { DeliveryRepository } from '@app/persistence';
import type { DeliveryKind, DeliveryTarget } from '@app/queue';

/** How a failed attempt should be handled; both ELMA365 clients classify their errors this way. */
export interface DeliveryFailure extends Error {
  readonly classification: 'retryable' | 'rate_limited' | 'permanent';
  readonly status?: number;
  readonly retryAfterMs?: number;
  /** the address the attempt went to, for a target whose address can change at run time (the webhook link) */
  readonly sentTo?: string;
}

export function isDeliveryFailure(error: unknown): error is DeliveryFailure {
  const c = (error as { classification?: unknown } | null)?.classification;
  return error instanceof Error && (c === 'retryable' || c === 'rate_limited' || c === 'permanent');
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
