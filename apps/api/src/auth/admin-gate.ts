import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from '@app/config';
import type { ApiErrorBody, ApiException } from '../common/api-error';
import { ApiExceptionWithHeaders } from '../common/api-exception-with-headers';
import { isAdminAuthorization } from './admin-credentials';
import {
  AdminCredentialsRequiredException,
  AdminCrossSiteRequestException,
  AdminLoginThrottledException,
  AdminPagesOffException,
} from './auth.exception';

export type ConnectMiddleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

/** Failed logins from one address within a window before it has to wait. */
export const ADMIN_LOGIN_FAILURES_ALLOWED = 10;
const ADMIN_LOGIN_WINDOW_MS = 60_000;

/** Served with every admin page: never in a frame of another site, never sniffed, no referrer leaving. */
const ADMIN_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
const CHANGING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The admin's door, one for every admin page: Nest's @AdminOnly() routes (AdminBasicAuthGuard) and the pages mounted
 * outside Nest's router (Swagger UI, bull-board, through `adminBasicAuth`), so that failed logins count together.
 * A browser sends the Basic credentials with any request to the site, a cross-site form's too: a change must come from
 * the page itself (its Origin is this host). Guessing the password is slowed down per address.
 */
export class AdminGate {
  private readonly publicHost: string;
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly config: AppConfig,
    private readonly nowMs: () => number = Date.now,
  ) {
    // Behind a proxy that rewrites Host, the page's own origin is the public one.
    this.publicHost = new URL(config.api.publicBaseUrl).host;
  }

  /** Sets the admin pages' headers; the refusal, or undefined to let the request in. */
  admit(request: IncomingMessage, response: ServerResponse): ApiException | undefined {
    for (const [name, value] of Object.entries(ADMIN_PAGE_HEADERS)) response.setHeader(name, value);
    withoutPoweredBy(response);
    const { admin } = this.config.api;
    if (!admin) return new AdminPagesOffException();
    const address = request.socket.remoteAddress ?? 'unknown';
    const failed = this.failures.get(address);
    if (failed && this.nowMs() - failed.since > ADMIN_LOGIN_WINDOW_MS) this.failures.delete(address);
    const recent = this.failures.get(address);
    if (recent && recent.count >= ADMIN_LOGIN_FAILURES_ALLOWED) {
      const waitS = Math.ceil((recent.since + ADMIN_LOGIN_WINDOW_MS - this.nowMs()) / 1000);
      return new AdminLoginThrottledException(Math.max(1, waitS));
    }
    if (!isAdminAuthorization(request.headers.authorization, admin)) {
      this.failures.set(address, { count: (recent?.count ?? 0) + 1, since: recent?.since ?? this.nowMs() });
      return new AdminCredentialsRequiredException();
    }
    const foreign = foreignOrigin(request, this.publicHost);
    return foreign === undefined ? undefined : new AdminCrossSiteRequestException(foreign);
  }
}

/** The gate as Connect middleware: `app.use('/admin/queues', adminBasicAuth(gate))` before mounting a page. */
export function adminBasicAuth(gate: AdminGate): ConnectMiddleware {
  return (request, response, next) => {
    const refusal = gate.admit(request, response);
    if (refusal !== undefined) return reject(response, refusal);
    next();
  };
}

/**
 * bull-board serves its pages from an Express app of its own, which announces itself after this middleware ran:
 * the header is taken out when the response's headers are written (Node writes implicit headers through writeHead).
 */
function withoutPoweredBy(response: ServerResponse): void {
  const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
  response.writeHead = ((...args: unknown[]) => {
    response.removeHeader('X-Powered-By');
    return writeHead(...args);
  }) as ServerResponse['writeHead'];
}

/**
 * The Origin of a changing request made from another site, or undefined when it is this site's (the Host asked for,
 * the proxy's X-Forwarded-Host, or PUBLIC_BASE_URL's) or no browser's.
 */
function foreignOrigin(request: IncomingMessage, publicHost: string): string | undefined {
  if (!CHANGING_METHODS.has(request.method ?? 'GET')) return undefined;
  const origin = request.headers.origin;
  if (origin === undefined) {
    return request.headers['sec-fetch-site'] === 'cross-site' ? 'another site' : undefined;
  }
  try {
    const ours = [request.headers.host, request.headers['x-forwarded-host'], publicHost];
    return ours.includes(new URL(origin).host) ? undefined : origin.slice(0, 200);
  } catch {
    return origin.slice(0, 200);
  }
}

function reject(response: ServerResponse, exception: ApiException): void {
  const body = exception.getResponse() as ApiErrorBody;
  const headers = exception instanceof ApiExceptionWithHeaders ? exception.headers : {};
  response.writeHead(body.statusCode, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}
