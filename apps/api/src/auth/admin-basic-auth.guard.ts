import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { AppConfig } from '@app/config';
import { isAdminAuthorization } from './admin-credentials';
import { AdminCredentialsRequiredException, AdminPagesOffException } from './auth.exception';

/** Used through @AdminOnly(): HTTP Basic with the configured admin; 404 when there is none. */
@Injectable()
export class AdminBasicAuthGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const { admin } = this.config.api;
    if (!admin) throw new AdminPagesOffException();
    const request = context.switchToHttp().getRequest<IncomingMessage>();
    if (!isAdminAuthorization(request.headers.authorization, admin)) throw new AdminCredentialsRequiredException();
    return true;
  }
}
