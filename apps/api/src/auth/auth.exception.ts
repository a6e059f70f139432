import { ApiException } from '../common/api-error';
import { ApiErrorCode } from '../common/api-error-code';
import { ApiExceptionWithHeaders } from '../common/api-exception-with-headers';

export enum AuthErrorCode {
  ApiKeyMissing = 'AUTH_API_KEY_MISSING',
  ApiKeyInvalid = 'AUTH_API_KEY_INVALID',
  AdminCredentialsRequired = 'AUTH_ADMIN_CREDENTIALS_REQUIRED',
  AdminLoginThrottled = 'AUTH_ADMIN_LOGIN_THROTTLED',
  AdminCrossSiteRequest = 'AUTH_ADMIN_CROSS_SITE_REQUEST',
}

export const BEARER_CHALLENGE = 'Bearer';
export const ADMIN_CHALLENGE = 'Basic realm="connector admin"';

export class ApiKeyMissingException extends ApiExceptionWithHeaders {
  constructor() {
    super(401, AuthErrorCode.ApiKeyMissing, 'Send an API key as "Authorization: Bearer <key>"', {
      'WWW-Authenticate': BEARER_CHALLENGE,
    });
  }
}

export class ApiKeyInvalidException extends ApiExceptionWithHeaders {
  constructor() {
    super(401, AuthErrorCode.ApiKeyInvalid, 'The API key is not valid', { 'WWW-Authenticate': BEARER_CHALLENGE });
  }
}

export class AdminCredentialsRequiredException extends ApiExceptionWithHeaders {
  constructor() {
    super(401, AuthErrorCode.AdminCredentialsRequired, 'Admin credentials are required', {
      'WWW-Authenticate': ADMIN_CHALLENGE,
    });
  }
}

/** Admin pages are off (no admin credentials configured): they do not exist rather than being locked. */
export class AdminPagesOffException extends ApiException {
  constructor() {
    super(404, ApiErrorCode.NotFound, 'Not found');
  }
}

export class AdminLoginThrottledException extends ApiExceptionWithHeaders {
  constructor(retryAfterSeconds: number) {
    super(429, AuthErrorCode.AdminLoginThrottled, 'Too many failed admin logins from this address: try again later', {
      'Retry-After': String(retryAfterSeconds),
    });
  }
}

export class AdminCrossSiteRequestException extends ApiException {
  constructor(origin: string) {
    super(403, AuthErrorCode.AdminCrossSiteRequest, `Refused: a change requested from another site (${origin})`);
  }
}
