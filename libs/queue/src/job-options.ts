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

export const LIVE_PRIORITY = 1;
export const RECORD_PRIORITY = 10;

/**
 * A worker that dies (SIGKILL, OOM) leaves its active jobs locked: they go back to the queue once the lock expires.
 * Shorter than BullMQ's 30 s so a restarted worker resumes quickly, still longer than any delivery timeout.
 */
export const WORKER_LOCK_OPTIONS = { lockDuration: 15_000, stalledInterval: 5_000 } as const;
