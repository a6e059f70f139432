import type { JobsOptions } from 'bullmq';

/** Ingest -> worker hand-off: Redis-local, so retries are quick; kept on failure for inspection. */
export const CALL_EVENT_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: false,
};

/**
 * ELMA365 deliveries pace their own retries (per-call order, Retry-After, the configured schedule), so BullMQ's
 * attempts only cover unexpected failures such as the database being away.
 */
export const DELIVERY_JOB_OPTIONS: JobsOptions = {
  attempts: 20,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: false,
};

/** Live card events are useless once the call is over: a few quick tries, then they are skipped. */
export const LIVE_EVENT_ATTEMPTS = 3;
export const LIVE_EVENT_RETRY_DELAY_MS = 1000;

export const LIVE_PRIORITY = 1;
export const RECORD_PRIORITY = 10;

/** The delay before the next attempt, with ±20 % jitter so a recovering ELMA365 is not hit by a wall of retries. */
export function retryDelayMs(
  schedule: readonly number[],
  attemptsMade: number,
  random: () => number = Math.random,
): number {
  const base = schedule[Math.min(Math.max(attemptsMade - 1, 0), schedule.length - 1)] ?? 0;
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * A worker that dies (SIGKILL, OOM) leaves its active jobs locked: they go back to the queue once the lock expires.
 * Shorter than BullMQ's 30 s so a restarted worker resumes quickly, still longer than any delivery timeout.
 */
export const WORKER_LOCK_OPTIONS = { lockDuration: 15_000, stalledInterval: 5_000 } as const;
