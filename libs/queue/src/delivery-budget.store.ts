import type { OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { redisConnection } from './redis-connection';

/** ELMA365's budget is per minute: the window the requests are counted in. */
export const BUDGET_WINDOW_MS = 60_000;

const SENT_KEY = 'connector:budget:elma365-delivery:sent';
const RATE_LIMITED_KEY = 'connector:budget:elma365-delivery:rate-limited';
const WARNING_KEY = 'connector:budget:elma365-delivery:warning';

/** How long a noted request may wait to be written with others (see recordRequest). */
const RECORD_FLUSH_MS = 100;
/** Noted requests kept while Redis is away: a minute of a busy worker's requests. */
const MAX_UNRECORDED = 10_000;

/** The job's start time is the worker's clock before the limiter's window opened in Redis: tolerate that much. */
const CLOCK_SKEW_MS = 1000;

/**
 * Gives back one slot of BullMQ's global rate limiter (a fixed window counted in `KEYS[1]` as jobs start), only
 * while the window the job was counted in is still the current one: a job that started but sent nothing.
 */
const REFUND_SLOT = `
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then return 0 end
local countedAt, now, window, skew = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
if countedAt < now + ttl - window - skew then return 0 end
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used <= 0 then return 0 end
redis.call('DECR', KEYS[1])
return 1
`;

/** The warning shown while the budget stays saturated (log, /health/ready). */
export interface BudgetWarning {
  readonly message: string;
  /** ISO-8601: since when the budget has been saturated */
  readonly since: string;
}

/**
 * The ELMA365 request budget as every worker replica shares it in Redis: requests sent in the last minute, whether
 * ELMA365 answered 429 lately, the saturation warning, and refunds of rate-limiter slots that sent nothing.
 * Connects on first use, so a process that never asks (ingest) opens no connection.
 */
export class DeliveryBudgetStore implements OnApplicationShutdown {
  private sequence = 0;
  /** requests noted but not yet in Redis: written together, at most RECORD_FLUSH_MS later */
  private unrecorded: { at: number; member: string }[] = [];
  private flushTimer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(private readonly redis: Redis) {}

  static connect(redisUrl: string): DeliveryBudgetStore {
    return new DeliveryBudgetStore(new Redis({ ...(redisConnection(redisUrl) as RedisOptions), lazyConnect: true }));
  }

  /**
   * Notes a request in the shared window. Written with the others of the next RECORD_FLUSH_MS in one transaction: the
   * window feeds a gauge and the saturation warning (BullMQ's limiter does the limiting), so a request need not wait
   * for its own round trip. This process's reads see its own notes at once.
   */
  recordRequest(now = Date.now()): Promise<void> {
    this.unrecorded.push({ at: now, member: `${process.pid}:${now}:${this.sequence++}` });
    if (this.unrecorded.length > MAX_UNRECORDED) this.unrecorded.splice(0, this.unrecorded.length - MAX_UNRECORDED);
    this.scheduleFlush();
    return Promise.resolve();
  }

  private scheduleFlush(): void {
    // A failed write keeps the notes (see flush) and tries again a moment later: nothing is dropped silently.
    this.flushTimer ??= setTimeout(() => void this.flush().catch(() => this.scheduleFlush()), RECORD_FLUSH_MS).unref();
  }

  /** Writes the noted requests; on failure they stay for the next flush (a Redis away loses no count). */
  async flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    await this.flushing;
    const batch = this.unrecorded;
    if (batch.length === 0) return;
    this.unrecorded = [];
    const now = Date.now();
    this.flushing = this.redis
      .multi()
      .zadd(SENT_KEY, ...batch.flatMap((r) => [r.at, r.member]))
      .zremrangebyscore(SENT_KEY, 0, now - BUDGET_WINDOW_MS)
      .pexpire(SENT_KEY, BUDGET_WINDOW_MS)
      .exec()
      .then(
        () => undefined,
        (error: unknown) => {
          this.unrecorded = [...batch, ...this.unrecorded];
          throw error;
        },
      )
      .finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  /** Requests sent by every worker over the last minute. */
  async requestsInWindow(now = Date.now()): Promise<number> {
    await this.flush();
    return this.redis.zcount(SENT_KEY, now - BUDGET_WINDOW_MS, '+inf');
  }

  /** ELMA365 answered 429: the budget counts as short for `forMs`. */
  async noteRateLimited(forMs: number): Promise<void> {
    await this.redis.set(RATE_LIMITED_KEY, '1', 'PX', Math.max(1, Math.round(forMs)));
  }

  async rateLimitedRecently(): Promise<boolean> {
    return (await this.redis.exists(RATE_LIMITED_KEY)) === 1;
  }

  async saveWarning(warning: BudgetWarning, ttlMs: number): Promise<void> {
    await this.redis.set(WARNING_KEY, JSON.stringify(warning), 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async clearWarning(): Promise<void> {
    await this.redis.del(WARNING_KEY);
  }

  async readWarning(): Promise<BudgetWarning | null> {
    const stored = await this.redis.get(WARNING_KEY);
    return stored === null ? null : (JSON.parse(stored) as BudgetWarning);
  }

  /** Forgets everything above (a fresh start, e.g. between tests sharing one Redis database). */
  async reset(): Promise<void> {
    this.unrecorded = [];
    await this.redis.del(SENT_KEY, RATE_LIMITED_KEY, WARNING_KEY);
  }

  /**
   * A job counted by BullMQ's limiter at `countedAtMs` (its processedOn) sent nothing: its slot goes back, unless
   * the window it was counted in has ended. True when a slot was given back.
   */
  async refundLimiterSlot(limiterKey: string, countedAtMs: number, windowMs: number): Promise<boolean> {
    const refunded = await this.redis.eval(
      REFUND_SLOT,
      1,
      limiterKey,
      countedAtMs,
      Date.now(),
      windowMs,
      CLOCK_SKEW_MS,
    );
    return Number(refunded) === 1;
  }

  async onApplicationShutdown(): Promise<void> {
    // The last notes go while Redis answers; a Redis that is away must not hold the shutdown (they feed a gauge).
    if (this.redis.status === 'ready') await this.flush().catch(() => undefined);
    clearTimeout(this.flushTimer);
    if (this.redis.status === 'wait') this.redis.disconnect();
    else if (this.redis.status !== 'end') await this.redis.quit();
  }
}
