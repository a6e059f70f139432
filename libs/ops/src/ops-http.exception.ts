export enum OpsHttpErrorCode {
  /** the ops port could not be bound (in use, not permitted): a boot failure */
  ListenFailed = 'OPS_HTTP_LISTEN_FAILED',
  /** the same code as the API's /health/ready, so one probe reads both */
  NotReady = 'HEALTH_NOT_READY',
  NotFound = 'OPS_HTTP_NOT_FOUND',
  MethodNotAllowed = 'OPS_HTTP_METHOD_NOT_ALLOWED',
  /** a check or a metrics collector threw; the log has the reason */
  AnswerFailed = 'OPS_HTTP_ANSWER_FAILED',
}

/** The ops endpoint could not start; the message says which variable to change. */
export class OpsHttpException extends Error {
  constructor(
    readonly code: OpsHttpErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OpsHttpException';
  }
}
