/** Live card events are useless once the call is over: a few quick tries, then they are skipped. */
export const LIVE_EVENT_ATTEMPTS = 3;
export const LIVE_EVENT_RETRY_DELAY_MS = 1000;

/** The delay before the next attempt, with ±20 % jitter so a recovering ELMA365 is not hit by a wall of retries. */
export function retryDelayMs(
  schedule: readonly number[],
  attemptsMade: number,
  random: () => number = Math.random,
): number {
  const base = schedule[Math.min(Math.max(attemptsMade - 1, 0), schedule.length - 1)] ?? 0;
  return Math.round(base * (0.8 + 0.4 * random()));
}
