import type { OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { redisConnection } from './redis-connection';

/** ELMA365's budget is per minute: the window the requests are counted in. */
export const BUDGET_WINDOW_MS = 60_000;

const SENT_KEY = 'connector:budget:elma365-delivery:sent';
const RATE_LIMITED_KEY = 'connector:budget:elma365-delivery:rate-limited';
const WARNING_KEY = 'connector:budget:elma365-delivery:warning';

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

  constructor(private readonly redis: Redis) {}

  static connect(redisUrl: string): DeliveryBudgetStore {
    return new DeliveryBudgetStore(new Redis({ ...(redisConnection(redisUrl) as RedisOptions), lazyConnect: true }));
  }

  async recordRequest(now = Date.now()): Promise<void> {
    const member = `${process.pid}:${now}:${this.sequence++}`;
    await this.redis
      .multi()
      .zadd(SENT_KEY, now, member)
      .zremrangebyscore(SENT_KEY, 0, now - BUDGET_WINDOW_MS)
      .pexpire(SENT_KEY, BUDGET_WINDOW_MS)
      .exec();
  }

  /** Requests sent by every worker over the last minute. */
  async requestsInWindow(now = Date.now()): Promise<number> {
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
    if (this.redis.status === 'wait') this.redis.disconnect();
    else if (this.redis.status !== 'end') await this.redis.quit();
  }
}
