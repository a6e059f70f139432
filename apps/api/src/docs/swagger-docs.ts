import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@app/config';
import { AdminGate, adminBasicAuth } from '../auth/admin-gate';
import { buildOpenApiDocument } from './openapi-document';

export const DOCS_PATH = 'docs';
export const DOCS_JSON_PATH = 'docs-json';

/** Swagger UI at /docs and the document at /docs-json, both behind the admin's basic auth (404 without an admin). */
export function setupSwaggerDocs(app: NestExpressApplication, config: AppConfig): void {
  // Registered before SwaggerModule.setup so that it runs first: the UI is mounted straight on Express.
  app.use([`/${DOCS_PATH}`, `/${DOCS_JSON_PATH}`], adminBasicAuth(app.get(AdminGate)));
  if (!config.api.admin) return;
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: DOCS_JSON_PATH,
    raw: ['json'],
  });
}
