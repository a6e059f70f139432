import { budgetWarningCheck } from './readiness-check';
import { assessReadiness } from './readiness-report';

const WARNING = 'ELMA365 request budget saturated for 3 min: 60 + 10 × licences';

describe('budgetWarningCheck', () => {
  it('is up with the warning while the budget stays saturated', async () => {
    const sut = budgetWarningCheck(() => Promise.resolve(WARNING));

    await expect(sut.check()).resolves.toEqual({ status: 'up', details: { warning: WARNING } });
  });

  it('stays up, saying it could not tell, when the warning cannot be read', async () => {
    const sut = budgetWarningCheck(() => Promise.reject(new Error('Connection is closed.')));

    await expect(sut.check()).resolves.toEqual({ status: 'up', details: { unknown: 'Connection is closed.' } });
  });
});

describe('assessReadiness with the budget warning', () => {
  const sut = assessReadiness;
  const redis = { component: 'redis', check: () => Promise.resolve({ status: 'up' as const, details: {} }) };

  it('lists the warning and stays 200: a warning, not down', async () => {
    const report = await sut([redis, budgetWarningCheck(() => Promise.resolve(WARNING))]);

    expect(report).toEqual({
      statusCode: 200,
      body: { status: 'ok', info: { redis: { status: 'up' }, elma365Budget: { status: 'up', warning: WARNING } } },
    });
  });

  it('leaves the budget out while there is nothing to warn about', async () => {
    const report = await sut([redis, budgetWarningCheck(() => Promise.resolve(null))]);

    expect(report).toEqual({ statusCode: 200, body: { status: 'ok', info: { redis: { status: 'up' } } } });
  });
});
