import type { ApiConfig } from '@app/config';
import { secretsEqual } from './secret-digest';

export type AdminCredentials = NonNullable<ApiConfig['admin']>;

/** Checks an `Authorization: Basic ...` header against the configured admin, in constant time. */
export function isAdminAuthorization(header: string | undefined, admin: AdminCredentials): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  // Both comparisons always run: which half was wrong must not show in the timing.
  const userMatches = secretsEqual(decoded.slice(0, colon), admin.user);
  const passwordMatches = secretsEqual(decoded.slice(colon + 1), admin.password);
  return userMatches && passwordMatches;
}
