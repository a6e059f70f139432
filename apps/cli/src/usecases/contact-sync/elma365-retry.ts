import { Elma365PubApiException } from '@app/elma365';

export interface Elma365RetryPolicy {
  /** consecutive 429s before giving up */
  readonly maxRateLimited: number;
  /** retries of a network error, a timeout or a 5xx before giving up */
  readonly maxRetries: number;
  /** first pause between those retries; doubled each time */
  readonly retryDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY_POLICY: Elma365RetryPolicy = {
  maxRateLimited: 5,
  maxRetries: 3,
  retryDelayMs: 1000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** ELMA365 cannot be worked with now (rate limited or unreachable): the sync stops, a re-run continues. */
export class Elma365UnavailableException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Elma365UnavailableException';
  }
}

/**
 * Runs one `/pub/v1` call: waits out 429s (Retry-After) and retries transient failures, within the policy's
 * bounds. A permanent refusal (4xx) is thrown as it came.
 */
export async function withElma365Retries<T>(policy: Elma365RetryPolicy, call: () => Promise<T>): Promise<T> {
  let rateLimited = 0;
  let retries = 0;
  for (;;) {
    try {
      return await call();
    } catch (error: unknown) {
      if (!(error instanceof Elma365PubApiException)) throw error;
      if (error.classification === 'rate_limited') {
        if (++rateLimited > policy.maxRateLimited) {
          throw new Elma365UnavailableException(
            `ELMA365 answered 429 (too many requests) ${policy.maxRateLimited} times in a row; ` +
              'run the sync again later, it continues where it stopped',
          );
        }
        await policy.sleep(Math.max(error.retryAfterMs ?? 0, 100));
        continue;
      }
      if (error.classification === 'retryable') {
        if (++retries > policy.maxRetries) {
          throw new Elma365UnavailableException(
            `${error.message} (gave up after ${policy.maxRetries} retries); ` +
              'run the sync again, it continues where it stopped',
          );
        }
        await policy.sleep(policy.retryDelayMs * 2 ** (retries - 1));
        continue;
      }
      throw error;
    }
  }
}
