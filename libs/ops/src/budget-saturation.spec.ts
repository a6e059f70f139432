import { BudgetSaturation, budgetSaturationMessage } from './budget-saturation';

const MINUTE = 60_000;

describe(BudgetSaturation.name, () => {
  const options = { share: 0.9, forMs: 3 * MINUTE, graceMs: 20_000 };

  it('warns once the budget has stayed at 90 % of the limit or more for three minutes', () => {
    const sut = new BudgetSaturation(options);

    expect(sut.observe(54, 60, 0)).toEqual({ since: 0, lasting: false });
    expect(sut.observe(60, 60, 2 * MINUTE)).toEqual({ since: 0, lasting: false });
    expect(sut.observe(57, 60, 3 * MINUTE)).toEqual({ since: 0, lasting: true });
  });

  it('is not saturated under 90 %, nor without a limit', () => {
    const sut = new BudgetSaturation(options);

    expect(sut.observe(53, 60, 0)).toEqual({ since: null, lasting: false });
    expect(sut.observe(500, 0, MINUTE)).toEqual({ since: null, lasting: false });
  });

  it('keeps the episode across a dip at a window edge, ends it when the dip lasts', () => {
    const sut = new BudgetSaturation(options);
    sut.observe(60, 60, 0);

    expect(sut.observe(10, 60, 10_000)).toEqual({ since: 0, lasting: false });
    expect(sut.observe(60, 60, 20_000)).toEqual({ since: 0, lasting: false });
    expect(sut.observe(10, 60, 30_000)).toEqual({ since: 0, lasting: false });
    expect(sut.observe(10, 60, 50_000)).toEqual({ since: null, lasting: false });
    expect(sut.observe(60, 60, 4 * MINUTE)).toEqual({ since: 4 * MINUTE, lasting: false });
  });
});

describe(budgetSaturationMessage.name, () => {
  it('names the usage, the setting and the SaaS formula for a better limit', () => {
    const sut = budgetSaturationMessage(58, 60, 0, 4 * MINUTE);

    expect(sut).toContain('saturated for 4 min');
    expect(sut).toContain('58 of ELMA365_RATE_LIMIT_PER_MINUTE=60');
    expect(sut).toContain('60 + 10 × licences');
  });
});
