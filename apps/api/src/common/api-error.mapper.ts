import { HttpException, HttpStatus } from '@nestjs/common';
import { ApiException, type ApiErrorBody } from './api-error';
import { ApiErrorCode } from './api-error-code';
import { ApiExceptionWithHeaders } from './api-exception-with-headers';

export interface MappedApiError {
  readonly body: ApiErrorBody;
  readonly headers: Readonly<Record<string, string>>;
  /** a fault of ours rather than of the request: logged with its stack, never sent */
  readonly unexpected: boolean;
}

const INTERNAL_ERROR: ApiErrorBody = {
  statusCode: 500,
  code: ApiErrorCode.InternalError,
  message: 'Internal server error',
};

/** What the client sees for anything thrown while handling a request. */
export function mapToApiError(exception: unknown): MappedApiError {
  if (exception instanceof ApiException) {
    const headers = exception instanceof ApiExceptionWithHeaders ? exception.headers : {};
    return { body: exception.getResponse() as ApiErrorBody, headers, unexpected: false };
  }
  if (!(exception instanceof HttpException)) return { body: INTERNAL_ERROR, headers: {}, unexpected: true };

  const statusCode = exception.getStatus();
  if (isInvalidJson(exception)) {
    return {
      body: { statusCode, code: ApiErrorCode.InvalidJson, message: 'The request body is not valid JSON' },
      headers: {},
      unexpected: false,
    };
  }
  const code = statusCodeName(statusCode);
  // A server-side HttpException's text was written for a log, not for a client.
  const message = statusCode >= 500 ? humanize(code) : (httpExceptionMessage(exception) ?? humanize(code));
  return { body: { statusCode, code, message }, headers: {}, unexpected: statusCode >= 500 };
}

/** body-parser's parse failure, which the Express adapter wraps in a BadRequestException. */
function isInvalidJson(exception: HttpException): boolean {
  const cause: unknown = exception.cause;
  return cause instanceof SyntaxError && (cause as SyntaxError & { type?: unknown }).type === 'entity.parse.failed';
}

/** `NOT_FOUND`, `PAYLOAD_TOO_LARGE`, ...; `HTTP_<status>` for a status Nest has no name for. */
function statusCodeName(statusCode: number): string {
  const name: unknown = (HttpStatus as unknown as Record<number, unknown>)[statusCode];
  return typeof name === 'string' ? name : `HTTP_${statusCode}`;
}

function httpExceptionMessage(exception: HttpException): string | undefined {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message: unknown = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return undefined;
}

function humanize(code: string): string {
  const words = code.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
