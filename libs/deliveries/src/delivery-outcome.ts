import type { TurnHint } from './delivery-ledger';

/** What the processor should do with a delivery job after one try. */
export type DeliveryOutcome =
  /** settled (delivered, skipped, or nothing to do); `sent`: a request went to ELMA365; `next`: the call's next turn if known */
  | { kind: 'done'; sent: boolean; next?: TurnHint }
  /** try again later without it counting as an attempt (a request budget, or the webhook link moved) */
  | { kind: 'wait'; delayMs: number; sent: boolean }
  /** an attempt failed and will be retried */
  | { kind: 'retry'; delayMs: number }
  /** ELMA365 said 429: the whole queue pauses */
  | { kind: 'rate_limited'; delayMs: number }
  /** retries used up or a failure retrying cannot fix: kept as dead for an operator to replay */
  | { kind: 'dead'; error: string };
