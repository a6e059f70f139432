import type { Redis } from 'ioredis';

/**
 * Sliding window in one sorted set: drop entries older than the window, take a slot when fewer than `limit` remain,
 * else answer how long until the oldest leaves. Atomic, so every process and replica shares one budget.
 */
const TAKE_SLOT = `
local key, now, window, limit, member = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, 0, now - window)
if redis.call('ZCARD', key) < limit then
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window)
  return 0
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

/**
 * No slot is free: the caller should come back in `waitMs`. A delivery job is then delayed rather than kept busy,
 * so workers stay free for other targets and shut down promptly.
 */
export class RequestBudgetExhausted extends Error {
  constructor(readonly waitMs: number) {
    super(`request budget exhausted for ${waitMs} ms`);
    this.name = 'RequestBudgetExhausted';
  }
}

/** The /pub/v1 budget's Redis key: one budget for the whole company account (CRM routing and generic mode). */
export const PUB_API_BUDGET_KEY = 'connector:budget:elma365-pub-api';

/** At most `limit` requests per `windowMs` to one target, across every worker. */
export class RedisRequestBudget {
  private sequence = 0;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Takes a slot, or throws RequestBudgetExhausted with how long until one frees up. */
  async take(): Promise<void> {
    if (this.limit <= 0) return;
    const member = `${process.pid}:${Date.now()}:${this.sequence++}`;
    const waitMs = Number(await this.redis.eval(TAKE_SLOT, 1, this.key, Date.now(), this.windowMs, this.limit, member));
    if (waitMs > 0) throw new RequestBudgetExhausted(waitMs);
  }
}
