export enum Elma365DeliveryErrorCode {
  /** connection refused, reset, DNS: nothing reached ELMA365 (or its answer was lost) */
  NetworkError = 'ELMA365_NETWORK_ERROR',
  /** no complete answer within the timeout */
  Timeout = 'ELMA365_TIMEOUT',
  /** 5xx */
  ServerError = 'ELMA365_SERVER_ERROR',
  /** 408 */
  RequestTimeout = 'ELMA365_REQUEST_TIMEOUT',
  /** 429: over the SaaS script or API limit */
  RateLimited = 'ELMA365_RATE_LIMITED',
  /** 401/403: wrong or expired module token */
  Unauthorized = 'ELMA365_UNAUTHORIZED',
  /** any other non-2xx: the module script refused the payload; resending the same bytes cannot help */
  Rejected = 'ELMA365_REJECTED',
  /** the request could not even be built (e.g. a header value fetch refuses) */
  InvalidRequest = 'ELMA365_INVALID_REQUEST',
}

import { Elma365Exception, type Elma365FailureClassification } from '../elma365.exception';

/** What the delivery queue does next: retry with backoff, wait `retryAfterMs`, or dead-letter. */
export type Elma365DeliveryClassification = Elma365FailureClassification;

const CLASSIFICATION: Record<Elma365DeliveryErrorCode, Elma365DeliveryClassification> = {
  [Elma365DeliveryErrorCode.NetworkError]: 'retryable',
  [Elma365DeliveryErrorCode.Timeout]: 'retryable',
  [Elma365DeliveryErrorCode.ServerError]: 'retryable',
  [Elma365DeliveryErrorCode.RequestTimeout]: 'retryable',
  [Elma365DeliveryErrorCode.RateLimited]: 'rate_limited',
  [Elma365DeliveryErrorCode.Unauthorized]: 'permanent',
  [Elma365DeliveryErrorCode.Rejected]: 'permanent',
  [Elma365DeliveryErrorCode.InvalidRequest]: 'permanent',
};

export interface Elma365DeliveryDetails {
  readonly status?: number;
  /** from `Retry-After`: always set for RateLimited, and for a 503 that sent one */
  readonly retryAfterMs?: number;
  /** the first bytes of the answer, with the token masked */
  readonly bodyExcerpt?: string;
  readonly cause?: unknown;
}

/** A failed POST to the ELMA365 module webhook. The message never contains the token. */
export class Elma365DeliveryException extends Elma365Exception {
  readonly bodyExcerpt?: string;

  constructor(
    readonly code: Elma365DeliveryErrorCode,
    message: string,
    details: Elma365DeliveryDetails = {},
  ) {
    super(message, { ...details, classification: CLASSIFICATION[code] });
    this.bodyExcerpt = details.bodyExcerpt;
  }
}
