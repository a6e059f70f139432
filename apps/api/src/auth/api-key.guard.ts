import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '@app/config';
import { ApiKeyInvalidException, ApiKeyMissingException } from './auth.exception';
import { ADMIN_ONLY_ROUTE, PUBLIC_ROUTE } from './auth.decorators';
import type { ApiKeyRequest } from './api-key-request';
import { apiKeyIdOf, secretsEqual } from './secret-digest';

/** The global guard: every route needs `Authorization: Bearer <key>` unless it is @Public() or @AdminOnly(). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: readonly { readonly key: string; readonly id: string }[];

  constructor(
    private readonly reflector: Reflector,
    config: AppConfig,
  ) {
    this.keys = config.api.keys.map((key) => ({ key, id: apiKeyIdOf(key) }));
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<ApiKeyRequest>();
    const header = request.headers.authorization;
    if (!header) throw new ApiKeyMissingException();
    const candidate = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    if (candidate === undefined) throw new ApiKeyInvalidException();

    // Every key is compared, so the position of the matching one does not show in the timing.
    let matchedId: string | undefined;
    for (const { key, id } of this.keys) {
      if (secretsEqual(candidate, key)) matchedId ??= id;
    }
    if (matchedId === undefined) throw new ApiKeyInvalidException();
    request.apiKeyId = matchedId;
    return true;
  }
}
