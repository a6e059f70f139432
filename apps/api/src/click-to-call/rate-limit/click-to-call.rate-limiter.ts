import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';

const WINDOW_MS = 60_000;

export type RateVerdict = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * Sliding one-minute window per key, in memory: each API replica limits on its own, which is enough to stop a
 * leaked key from dialling premium numbers in a loop. CLICK_TO_CALL_RATE_PER_MINUTE=0 turns it off.
 */
@Injectable()
export class ClickToCallRateLimiter {
  readonly limitPerMinute: number;
  private readonly hits = new Map<string, number[]>();
  private nextSweepAtMs = 0;

  constructor(config: AppConfig) {
    this.limitPerMinute = config.clickToCall.ratePerMinute;
  }

  /** Counts one request for `key` unless the key is over its limit. */
  take(key: string, nowMs: number = Date.now()): RateVerdict {
    if (this.limitPerMinute <= 0) return { allowed: true };
    this.sweep(nowMs);
    const recent = (this.hits.get(key) ?? []).filter((at) => at > nowMs - WINDOW_MS);
    if (recent.length >= this.limitPerMinute) {
      this.hits.set(key, recent);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0] + WINDOW_MS - nowMs) / 1000)) };
    }
    recent.push(nowMs);
    this.hits.set(key, recent);
    return { allowed: true };
  }

  /** Forgets idle keys, at most once a window, so the map does not grow with every client address ever seen. */
  private sweep(nowMs: number): void {
    if (nowMs < this.nextSweepAtMs) return;
    this.nextSweepAtMs = nowMs + WINDOW_MS;
    for (const [key, times] of this.hits) {
      if (times[times.length - 1] <= nowMs - WINDOW_MS) this.hits.delete(key);
    }
  }
}
