import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { ApiModule } from './api.module';
import { buildOpenApiDocument, serializeOpenApiDocument } from './docs/openapi-document';

const DEFAULT_OUTPUT = 'docs/openapi.json';

/**
 * `npm run openapi`: writes the API's OpenAPI document (default docs/openapi.json). Run from the build: Swagger
 * reads property types from decorator metadata, which tsx does not emit. The app is only previewed: no provider
 * is created, so nothing connects to Redis, PostgreSQL or the PBX and no configuration is needed.
 */
async function main(output: string): Promise<void> {
  const app = await NestFactory.create(ApiModule, { preview: true, abortOnError: false, logger: ['error', 'fatal'] });
  try {
    writeFileSync(output, serializeOpenApiDocument(buildOpenApiDocument(app)));
  } finally {
    await app.close();
  }
  process.stderr.write(`openapi: wrote ${path.relative(process.cwd(), output) || output}\n`);
}

main(path.resolve(process.argv[2] ?? DEFAULT_OUTPUT)).catch((error: unknown) => {
  process.stderr.write(`openapi: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
