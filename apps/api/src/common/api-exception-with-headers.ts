import { ApiException, type ApiErrorDetail } from './api-error';

/** An ApiException that also sets response headers (`WWW-Authenticate`, `Retry-After`): the filter applies them. */
export class ApiExceptionWithHeaders extends ApiException {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>>,
    details?: ApiErrorDetail[],
  ) {
    super(status, code, message, details);
  }
}
