import { DEFAULT_RECONNECT, ReconnectBackoff } from './ami-reconnect-backoff';

describe('ReconnectBackoff', () => {
  const delays = (sut: ReconnectBackoff, n: number) => Array.from({ length: n }, () => sut.next());

  it('grows by the factor up to the cap without jitter', () => {
    const sut = new ReconnectBackoff({ ...DEFAULT_RECONNECT, jitter: 'none' });
    expect(delays(sut, 9)).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(sut.attempt).toBe(9);
  });

  it('starts again from the initial delay after reset()', () => {
    const sut = new ReconnectBackoff({ ...DEFAULT_RECONNECT, jitter: 'none' });
    delays(sut, 4);
    sut.reset();
    expect(sut.attempt).toBe(0);
    expect(sut.next()).toBe(500);
  });

  it('spreads ±30 % with proportional jitter, never above the cap', () => {
    const low = new ReconnectBackoff(DEFAULT_RECONNECT, () => 0);
    const high = new ReconnectBackoff(DEFAULT_RECONNECT, () => 0.999999);
    expect(delays(low, 3)).toEqual([350, 700, 1400]);
    expect(delays(high, 3)).toEqual([650, 1300, 2600]);
    const capped = new ReconnectBackoff({ ...DEFAULT_RECONNECT, initialDelayMs: 30_000 }, () => 0.999999);
    expect(capped.next()).toBe(30_000);
  });

  it('draws from [0, delay] with full jitter', () => {
    const sut = new ReconnectBackoff({ ...DEFAULT_RECONNECT, jitter: 'full' }, () => 0.5);
    expect(delays(sut, 3)).toEqual([250, 500, 1000]);
    for (const d of delays(new ReconnectBackoff({ ...DEFAULT_RECONNECT, jitter: 'full' }), 20)) {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(30_000);
    }
  });
});
