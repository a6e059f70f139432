import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import { AdminBasicAuthGuard } from './admin-basic-auth.guard';
import type { ApiKeyRequest } from './api-key-request';

export const PUBLIC_ROUTE = 'auth:public';
export const ADMIN_ONLY_ROUTE = 'auth:admin-only';

/** No API key needed (health checks, signed recording links); the OpenAPI operation says so with `security: [{}]`. */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiSecurity({}));

/** Admin pages: HTTP Basic with the configured admin instead of an API key; 404 when no admin is configured. */
export const AdminOnly = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ADMIN_ONLY_ROUTE, true), UseGuards(AdminBasicAuthGuard));

/** The id of the API key the request came with (`a1b2c3d4`), for per-key limits and audit logs. */
export const ApiKeyId = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined =>
    context.switchToHttp().getRequest<ApiKeyRequest>().apiKeyId,
);
