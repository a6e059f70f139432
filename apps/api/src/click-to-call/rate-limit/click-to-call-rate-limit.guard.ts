import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ClickToCallRateLimitedException } from '../click-to-call.exception';
import { ClickToCallRateLimiter } from './click-to-call.rate-limiter';

/** What the guard reads: the API-key guard's non-secret key id, else the client address. */
interface RateLimitedRequest {
  readonly apiKeyId?: string;
  readonly ip?: string;
  readonly socket?: { readonly remoteAddress?: string };
}

/** Runs before validation, so malformed requests count too: probing costs the same as calling. */
@Injectable()
export class ClickToCallRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: ClickToCallRateLimiter) {}

  canActivate(context: ExecutionContext): boolean {
    const verdict = this.limiter.take(rateKey(context.switchToHttp().getRequest<RateLimitedRequest>()));
    if (verdict.allowed) return true;
    throw new ClickToCallRateLimitedException(this.limiter.limitPerMinute, verdict.retryAfterSeconds);
  }
}

function rateKey(request: RateLimitedRequest): string {
  if (typeof request.apiKeyId === 'string' && request.apiKeyId !== '') return `key:${request.apiKeyId}`;
  return `ip:${request.ip ?? request.socket?.remoteAddress ?? 'unknown'}`;
}
