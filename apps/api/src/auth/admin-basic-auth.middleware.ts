import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from '@app/config';
import type { ApiErrorBody, ApiException } from '../common/api-error';
import { ApiExceptionWithHeaders } from '../common/api-exception-with-headers';
import { isAdminAuthorization } from './admin-credentials';
import { AdminCredentialsRequiredException, AdminPagesOffException } from './auth.exception';

export type ConnectMiddleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

/**
 * The @AdminOnly() check for pages mounted outside Nest's router (Swagger UI, bull-board):
 * `app.use('/admin/queues', adminBasicAuth(config))` before mounting them.
 */
export function adminBasicAuth(config: AppConfig): ConnectMiddleware {
  const { admin } = config.api;
  return (request, response, next) => {
    if (!admin) return reject(response, new AdminPagesOffException());
    if (!isAdminAuthorization(request.headers.authorization, admin)) {
      return reject(response, new AdminCredentialsRequiredException());
    }
    next();
  };
}

function reject(response: ServerResponse, exception: ApiException): void {
  const body = exception.getResponse() as ApiErrorBody;
  const headers = exception instanceof ApiExceptionWithHeaders ? exception.headers : {};
  response.writeHead(body.statusCode, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}
