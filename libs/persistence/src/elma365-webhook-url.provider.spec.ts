import type { DeliveryRepository } from './delivery.repository';
import type { Elma365WebhookSettingRepository, StoredElma365Webhook } from './elma365-webhook-setting.repository';
import { Elma365WebhookUrlProvider } from './elma365-webhook-url.provider';

const INITIAL = 'https://company.elma365.ru/hook?token=old';
const PUSHED = 'https://company.elma365.ru/hook?token=new';

describe(Elma365WebhookUrlProvider.name, () => {
  let stored: StoredElma365Webhook | null;
  let now: number;
  const ledger = {} as DeliveryRepository;
  const settings = {
    find: jest.fn(() => Promise.resolve(stored)),
    whileUnchanged: jest.fn(
      <T>(task: (s: StoredElma365Webhook | null, d: DeliveryRepository) => Promise<T>): Promise<T> =>
        task(stored, ledger),
    ),
  };
  let sut: Elma365WebhookUrlProvider;

  beforeEach(() => {
    stored = null;
    now = 0;
    jest.clearAllMocks();
    sut = new Elma365WebhookUrlProvider(settings as unknown as Elma365WebhookSettingRepository, INITIAL, {
      cacheMs: 2000,
      nowMs: () => now,
    });
  });

  it('uses ELMA365_WEBHOOK_URL until a link is stored, then the stored one', async () => {
    await expect(sut.current()).resolves.toBe(INITIAL);
    stored = { url: PUSHED, updatedAt: new Date() };
    now = 2000;
    await expect(sut.current()).resolves.toBe(PUSHED);
  });

  it('asks the database at most once per cache period, however many deliveries ask', async () => {
    await Promise.all([sut.current(), sut.current(), sut.current()]);
    now = 1999;
    stored = { url: PUSHED, updatedAt: new Date() };
    await expect(sut.current()).resolves.toBe(INITIAL);
    expect(settings.find).toHaveBeenCalledTimes(1);
  });

  it('settles a refusal only while the refused link is still current', async () => {
    const settle = jest.fn(() => Promise.resolve());

    await expect(sut.settleUnlessMoved(INITIAL, settle)).resolves.toBe(true);
    expect(settle).toHaveBeenCalledWith(ledger);
  });

  it('does not settle once the link moved, and serves the new link at once (past the cache)', async () => {
    await sut.current();
    stored = { url: PUSHED, updatedAt: new Date() };
    const settle = jest.fn(() => Promise.resolve());

    await expect(sut.settleUnlessMoved(INITIAL, settle)).resolves.toBe(false);
    expect(settle).not.toHaveBeenCalled();
    await expect(sut.current()).resolves.toBe(PUSHED);
  });
});
