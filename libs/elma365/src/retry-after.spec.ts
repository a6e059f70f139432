import { DEFAULT_RETRY_AFTER_MS, parseRetryAfterMs } from './retry-after';

const nowMs = Date.parse('2024-05-01T10:00:00Z');

describe('parseRetryAfterMs', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfterMs('7', nowMs)).toBe(7000);
    expect(parseRetryAfterMs(' 0 ', nowMs)).toBe(0);
  });

  it('reads an HTTP date as the time left until it', () => {
    expect(parseRetryAfterMs('Wed, 01 May 2024 10:00:30 GMT', nowMs)).toBe(30_000);
  });

  it('a date in the past means now', () => {
    expect(parseRetryAfterMs('Wed, 01 May 2024 09:00:00 GMT', nowMs)).toBe(0);
  });

  it.each([null, undefined, '', 'soon', '-5', '7.5'])('falls back to the default for %p', (value) => {
    expect(parseRetryAfterMs(value, nowMs)).toBe(DEFAULT_RETRY_AFTER_MS);
  });

  it('takes a custom default', () => {
    expect(parseRetryAfterMs(null, nowMs, 5000)).toBe(5000);
  });
});
