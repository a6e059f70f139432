export const DEFAULT_RETRY_AFTER_MS = 60_000;

/**
 * `Retry-After` as milliseconds from now: delay-seconds or an HTTP date (RFC 9110 §10.2.3). Missing or
 * unreadable means the default — ELMA365's limits are per minute, so a minute is the safe guess.
 */
export function parseRetryAfterMs(
  value: string | null | undefined,
  nowMs: number = Date.now(),
  defaultMs: number = DEFAULT_RETRY_AFTER_MS,
): number {
  const text = value?.trim() ?? '';
  if (text === '') return defaultMs;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only the date forms: Date.parse alone would take "7.5" or "2" as dates.
  if (!/[a-z]/i.test(text)) return defaultMs;
  const at = Date.parse(text);
  return Number.isNaN(at) ? defaultMs : Math.max(0, at - nowMs);
}
