import type { ServerResponse } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { mapToApiError } from './api-error.mapper';

/** The global filter: every error an HTTP client receives is an ApiErrorBody. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { body, headers, unexpected } = mapToApiError(exception);
    if (unexpected) {
      const error = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error(error.message, error.stack);
    }
    if (host.getType() !== 'http') return;

    const response = host.switchToHttp().getResponse<ServerResponse>();
    if (response.headersSent) {
      // A stream failed half-way (a recording): the status is already out, only cutting it short is left.
      response.destroy();
      return;
    }
    const { httpAdapter } = this.adapterHost;
    for (const [name, value] of Object.entries(headers)) httpAdapter.setHeader(response, name, value);
    httpAdapter.reply(response, body, body.statusCode);
  }
}
