import { loadConfig } from '@app/config';
import { ClickToCallRateLimiter } from './click-to-call.rate-limiter';

describe('ClickToCallRateLimiter', () => {
  const limiter = (perMinute: string) =>
    new ClickToCallRateLimiter(loadConfig({ CLICK_TO_CALL_RATE_PER_MINUTE: perMinute }));

  it('allows ratePerMinute requests in any 60 s window per key, then says when a slot frees up', () => {
    const sut = limiter('2');

    expect(sut.take('a', 0)).toEqual({ allowed: true });
    expect(sut.take('a', 10_000)).toEqual({ allowed: true });
    expect(sut.take('a', 20_000)).toEqual({ allowed: false, retryAfterSeconds: 40 });
    expect(sut.take('b', 20_000)).toEqual({ allowed: true });
    expect(sut.take('a', 60_001)).toEqual({ allowed: true });
    expect(sut.take('a', 60_002)).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it('is off at 0', () => {
    const sut = limiter('0');

    for (let i = 0; i < 100; i++) expect(sut.take('a', i).allowed).toBe(true);
  });
});
