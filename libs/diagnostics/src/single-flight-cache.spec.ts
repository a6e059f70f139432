import { SingleFlightCache } from './single-flight-cache';

describe(SingleFlightCache.name, () => {
  it('shares one run between concurrent callers and reuses its result within the window', async () => {
    let now = 0;
    let runs = 0;
    let release: () => void = () => {};
    const sut = new SingleFlightCache(
      () =>
        new Promise<number>((resolve) => {
          runs += 1;
          release = () => resolve(runs);
        }),
      10_000,
      () => now,
    );
    const first = sut.get();
    const second = sut.get();
    release();
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    now = 9_999;
    expect(await sut.get()).toBe(1);
    now = 10_000;
    const third = sut.get();
    release();
    expect(await third).toBe(2);
    expect(runs).toBe(2);
  });

  it('runs again after a failure', async () => {
    let calls = 0;
    const sut = new SingleFlightCache(async () => {
      calls += 1;
      if (calls === 1) throw new Error('first fails');
      return calls;
    }, 10_000);
    await expect(sut.get()).rejects.toThrow('first fails');
    expect(await sut.get()).toBe(2);
  });
});
