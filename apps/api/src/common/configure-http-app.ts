import { HttpAdapterHost } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApiExceptionFilter } from './api-exception.filter';
import { createApiValidationPipe } from './api-validation.pipe';

/** Requests carry small JSON documents; anything bigger is a mistake or an attack. */
export const JSON_BODY_LIMIT = '64kb';

/** The HTTP stack shared by the server and the e2e tests: body limits, validation, the error contract. */
export function configureHttpApp(app: NestExpressApplication): NestExpressApplication {
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: JSON_BODY_LIMIT, extended: false });
  app.useGlobalPipes(createApiValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter(app.get(HttpAdapterHost)));
  return app;
}
