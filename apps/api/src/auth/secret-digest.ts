import { createHash, timingSafeEqual } from 'node:crypto';

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Compares digests rather than the secrets, so neither the content nor the length leaks through timing. */
export function secretsEqual(candidate: string, expected: string): boolean {
  return timingSafeEqual(sha256(candidate), sha256(expected));
}

/** A stable, non-secret name for an API key (logs, rate limits): the first 8 hex characters of its SHA-256. */
export function apiKeyIdOf(key: string): string {
  return sha256(key).toString('hex').slice(0, 8);
}
