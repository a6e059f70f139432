/** What the processor should do with a delivery job after one try. */
export type DeliveryOutcome =
  | { kind: 'done' }
  /** try again later without it counting as an attempt (an earlier event of the call is not out yet) */
  | { kind: 'wait'; delayMs: number }
  /** an attempt failed and will be retried */
  | { kind: 'retry'; delayMs: number }
  /** ELMA365 said 429: the whole queue pauses */
  | { kind: 'rate_limited'; delayMs: number }
  /** retries used up or a failure retrying cannot fix: kept as dead for an operator to replay */
  | { kind: 'dead'; error: string };
