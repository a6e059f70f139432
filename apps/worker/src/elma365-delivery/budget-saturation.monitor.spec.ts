import { Logger } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import type { DeliveryBudgetStore } from '@app/queue';
import { BudgetSaturationMonitor } from './budget-saturation.monitor';

const MINUTE = 60_000;

describe(BudgetSaturationMonitor.name, () => {
  let used: number;
  let store: { requestsInWindow: jest.Mock; saveWarning: jest.Mock; clearWarning: jest.Mock };
  let warn: jest.SpyInstance;
  let sut: BudgetSaturationMonitor;

  beforeEach(() => {
    used = 0;
    store = {
      requestsInWindow: jest.fn(async () => used),
      saveWarning: jest.fn(async () => undefined),
      clearWarning: jest.fn(async () => undefined),
    };
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const config = { delivery: { rateLimitPerMinute: 60 } } as AppConfig;
    sut = new BudgetSaturationMonitor(config, store as unknown as DeliveryBudgetStore);
  });

  afterEach(() => jest.restoreAllMocks());

  it('warns in the log and for /health/ready once the budget stays at 90 % or more for three minutes', async () => {
    used = 58;
    for (let t = 0; t < 3 * MINUTE; t += 10_000) await sut.sample(t);
    expect(store.saveWarning).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();

    await sut.sample(3 * MINUTE);

    expect(store.saveWarning).toHaveBeenCalledWith(
      { message: expect.stringContaining('60 + 10 × licences'), since: new Date(0).toISOString() },
      30_000,
    );
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('ELMA365_RATE_LIMIT_PER_MINUTE=60'));
  });

  it('keeps the warning in Redis while it lasts, logs it again only every ten minutes, and clears it after', async () => {
    used = 60;
    for (let t = 0; t <= 6 * MINUTE; t += 10_000) await sut.sample(t);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(store.saveWarning.mock.calls.length).toBeGreaterThan(10);

    used = 10;
    await sut.sample(6 * MINUTE + 10_000);
    expect(store.clearWarning).not.toHaveBeenCalled();
    await sut.sample(6 * MINUTE + 40_000);
    expect(store.clearWarning).toHaveBeenCalledTimes(1);
  });
});
