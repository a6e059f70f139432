import { HttpAdapterHost } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiErrorBody } from './api-error';
import { ApiErrorCode } from './api-error-code';
import { ApiExceptionFilter } from './api-exception.filter';
import { createApiValidationPipe } from './api-validation.pipe';

/**
 * No id, filter or link of this API contains a control character; PostgreSQL refuses NUL in text, so without this a
 * `%00` in a path would surface as a 500.
 */
function rejectControlCharactersInUrl(request: IncomingMessage, response: ServerResponse, next: () => void): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(request.url ?? '');
  } catch {
    decoded = '\u0000';
  }
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u001f\u007f]/.test(decoded)) return next();
  const body: ApiErrorBody = {
    statusCode: 400,
    code: ApiErrorCode.InvalidCharacters,
    message: 'The URL contains control characters or broken percent-encoding',
  };
  response.writeHead(400, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/** No request of this API nests deeper than a few levels; validation recurses and would overflow the stack. */
export const MAX_BODY_DEPTH = 16;

/** The nesting depth of a parsed body beyond `limit`, found without recursion; undefined when within it. */
function depthBeyond(value: unknown, limit: number): number | undefined {
  const pending: [unknown, number][] = [[value, 0]];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const [node, depth] = item;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return depth;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return undefined;
}

function rejectDeeplyNestedBody(
  request: IncomingMessage & { body?: unknown },
  response: ServerResponse,
  next: () => void,
): void {
  if (depthBeyond(request.body, MAX_BODY_DEPTH) === undefined) return next();
  const body: ApiErrorBody = {
    statusCode: 400,
    code: ApiErrorCode.ValidationFailed,
    message: 'Request validation failed',
    details: [{ field: 'body', reason: `must not nest objects or arrays deeper than ${MAX_BODY_DEPTH} levels` }],
  };
  response.writeHead(400, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/** Requests carry small JSON documents; anything bigger is a mistake or an attack. */
export const JSON_BODY_LIMIT = '64kb';

/** The HTTP stack shared by the server and the e2e tests: body limits, validation, the error contract. */
export function configureHttpApp(app: NestExpressApplication): NestExpressApplication {
  app.disable('x-powered-by');
  app.use(rejectControlCharactersInUrl);
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: JSON_BODY_LIMIT, extended: false });
  app.use(rejectDeeplyNestedBody);
  app.useGlobalPipes(createApiValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter(app.get(HttpAdapterHost)));
  return app;
}
