export type Elma365PubApiFailure = 'rate_limited' | 'timeout' | 'network' | 'http' | 'invalid_response';

import { Elma365Exception, type Elma365FailureClassification } from '../elma365.exception';

/** What a queue does next, the same words as the webhook client's Elma365DeliveryException. */
export type Elma365PubApiClassification = Elma365FailureClassification;

export interface Elma365PubApiFailureDetails {
  /** for `rate_limited`: how long ELMA365 asked us to stay away */
  readonly retryAfterMs?: number;
  /** the HTTP status, when ELMA365 answered */
  readonly status?: number;
  /** ELMA365's own `error` text from the envelope, token masked */
  readonly elmaError?: string;
}

/** A `/pub/v1` request that gave nothing usable. Messages never contain the token. */
export class Elma365PubApiException extends Elma365Exception {
  readonly elmaError?: string;

  constructor(
    readonly failure: Elma365PubApiFailure,
    message: string,
    details: Elma365PubApiFailureDetails = {},
  ) {
    super(message, {
      classification: classify(failure, details.status),
      status: details.status,
      retryAfterMs: details.retryAfterMs,
    });
    this.elmaError = details.elmaError;
  }
}

function classify(failure: Elma365PubApiFailure, status: number | undefined): Elma365PubApiClassification {
  switch (failure) {
    case 'rate_limited':
      return 'rate_limited';
    // invalid_response: a 2xx we cannot read (a proxy's HTML page, a cut body); the next attempt may get JSON.
    case 'timeout':
    case 'network':
    case 'invalid_response':
      return 'retryable';
    case 'http':
      return status === undefined || status >= 500 || status === 408 ? 'retryable' : 'permanent';
  }
}
