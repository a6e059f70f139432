import { retryDelayMs } from './delivery-retry.policy';

describe(retryDelayMs.name, () => {
  const sut = retryDelayMs;
  const schedule = [1000, 60_000, 3_600_000];
  it.each([
    [1, 0, 800],
    [1, 1, 1200],
    [2, 0.5, 60_000],
    [9, 0.5, 3_600_000],
  ])('attempt %i with random %d waits %i ms', (attemptsMade, random, expected) => {
    expect(sut(schedule, attemptsMade, () => random)).toBe(expected);
  });
});
