export type Elma365PubApiFailure = 'rate_limited' | 'timeout' | 'network' | 'http' | 'invalid_response';

/** A `/pub/v1` request that gave nothing usable. Messages never contain the token. */
export class Elma365PubApiException extends Error {
  constructor(
    readonly failure: Elma365PubApiFailure,
    message: string,
    /** for `rate_limited`: how long ELMA365 asked us to stay away */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'Elma365PubApiException';
  }
}
