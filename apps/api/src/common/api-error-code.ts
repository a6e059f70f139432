/** Codes the HTTP layer itself answers; features define their own next to their exceptions. */
export enum ApiErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  InvalidJson = 'INVALID_JSON',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  NotFound = 'NOT_FOUND',
  InvalidCharacters = 'INVALID_CHARACTERS',
  InternalError = 'INTERNAL_ERROR',
}
