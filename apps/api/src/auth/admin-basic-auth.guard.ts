import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AdminGate } from './admin-gate';

/** Used through @AdminOnly(): the same gate as the admin pages (Basic auth, throttling, same-origin changes). */
@Injectable()
export class AdminBasicAuthGuard implements CanActivate {
  constructor(private readonly gate: AdminGate) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const refusal = this.gate.admit(http.getRequest<IncomingMessage>(), http.getResponse<ServerResponse>());
    if (refusal !== undefined) throw refusal;
    return true;
  }
}
