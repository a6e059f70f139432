/** What a queue does next with a failed request to ELMA365: retry with backoff, wait `retryAfterMs`, or give up. */
export type Elma365FailureClassification = 'retryable' | 'rate_limited' | 'permanent';

export interface Elma365FailureFacts {
  readonly classification: Elma365FailureClassification;
  /** the HTTP status, when ELMA365 answered */
  readonly status?: number;
  /** how long ELMA365 asked us to stay away (`Retry-After`) */
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

/**
 * A request to ELMA365 — the telephony module's webhook or the /pub/v1 API — that gave nothing usable, classified
 * once for every caller (the delivery worker, generic mode, routing, the contact sync). Messages never hold a token.
 */
export class Elma365Exception extends Error {
  readonly classification: Elma365FailureClassification;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(message: string, facts: Elma365FailureFacts) {
    super(message, facts.cause === undefined ? undefined : { cause: facts.cause });
    this.name = new.target.name;
    this.classification = facts.classification;
    this.status = facts.status;
    this.retryAfterMs = facts.retryAfterMs;
  }

  get retryable(): boolean {
    return this.classification !== 'permanent';
  }
}

/**
 * The system error code (ECONNREFUSED, ENOTFOUND…) of a failed request only — node:http's own, or under a fetch
 * error's `cause`: the messages are not ours to vouch for.
 */
export function networkReason(error: unknown): string {
  // Structural, not instanceof: the errors may come from another realm (Jest's sandbox).
  const own = (error as { code?: unknown } | null)?.code;
  const code = typeof own === 'string' ? own : (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' && /^[A-Z0-9_]+$/.test(code) ? code : 'network error';
}
