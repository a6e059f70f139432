import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ApiErrorBody, ApiErrorDetail } from '../common/api-error';
import { connectorVersion } from './package-version';

export const OPENAPI_TITLE = 'Asterisk ↔ ELMA365 connector';
/** The name of the API-key security scheme in the document. */
export const API_KEY_SCHEME = 'apiKey';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * The OpenAPI document of every controller in the app. Needs only the module graph, so the CLI builds it from
 * an app created with `preview: true` (nothing connects to Redis, PostgreSQL or the PBX).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(OPENAPI_TITLE)
    .setDescription('Call history, click-to-call and recordings of the Asterisk PBX, for ELMA365 and operators.')
    .setVersion(connectorVersion())
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'API key',
        description: 'One of the API keys configured on the connector',
      },
      API_KEY_SCHEME,
    )
    .addSecurityRequirements(API_KEY_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ApiErrorBody, ApiErrorDetail],
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  documentUnauthorizedResponses(document);
  return document;
}

/** Every operation that needs an API key may answer 401: said once here rather than on every handler. */
function documentUnauthorizedResponses(document: OpenAPIObject): void {
  for (const pathItem of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation || isPublic(operation.security)) continue;
      operation.responses['401'] ??= {
        description: 'No API key, or not a valid one',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorBody' } } },
      };
    }
  }
}

/** @Public() marks an operation with `security: [{}]`: no credentials required. */
function isPublic(security: readonly Record<string, unknown>[] | undefined): boolean {
  return security !== undefined && security.some((requirement) => Object.keys(requirement).length === 0);
}

/** The committed form: keys sorted at every level, so the file changes only when the API does. */
export function serializeOpenApiDocument(document: OpenAPIObject): string {
  return `${JSON.stringify(sortKeys(document), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
