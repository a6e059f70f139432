import { Logger } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import type { DeliveryEntity, DeliveryRepository } from '@app/persistence';
import { DeliveryTarget, type Elma365DeliveryJob } from '@app/queue';
import { Elma365DeliveryService } from './elma365-delivery.service';
import type { DeliveryFailure, DeliverySender, DeliverySenders } from './senders/delivery-sender';

const OLD_LINK = 'https://company.elma365.ru/hook?token=old';
const JOB: Elma365DeliveryJob = {
  eventKey: 'lab:1.1#record',
  callId: 'lab:1.1',
  kind: 'record',
  target: DeliveryTarget.Elma365Webhook,
};

const refusedBy = (status: number, sentTo?: string): DeliveryFailure =>
  Object.assign(new Error(`ELMA365 webhook answered HTTP ${status}`), {
    classification: 'permanent' as const,
    status,
    sentTo,
  });

describe('Elma365DeliveryService, when the webhook link refuses a delivery for good', () => {
  const config = { delivery: { recordRetryScheduleMs: [1000], liveTimeoutMs: 100, recordTimeoutMs: 100 } };
  const row = { status: 'pending', attempts: 0, payload: { id: JOB.eventKey } } as DeliveryEntity;

  function serviceWith(sender: DeliverySender) {
    const deliveries = {
      findWithCallProgress: jest.fn().mockResolvedValue({ delivery: row, recordDelivered: false, earlierPending: 0 }),
      markDead: jest.fn().mockResolvedValue(undefined),
      markAttemptFailed: jest.fn().mockResolvedValue(undefined),
    };
    const senders = { forTarget: () => sender } as unknown as DeliverySenders;
    const sut = new Elma365DeliveryService(
      config as unknown as AppConfig,
      deliveries as unknown as DeliveryRepository,
      senders,
    );
    return { sut, deliveries };
  }

  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterAll(() => jest.restoreAllMocks());

  it('sends again at once, not counted and not dead, when the link moved since the attempt', async () => {
    const settleUnlessMoved = jest.fn().mockResolvedValue(false);
    const sender = {
      target: DeliveryTarget.Elma365Webhook,
      send: jest.fn().mockRejectedValue(refusedBy(404, OLD_LINK)),
      settleUnlessMoved,
    };
    const { sut, deliveries } = serviceWith(sender);

    await expect(sut.deliver(JOB)).resolves.toEqual({ kind: 'wait', delayMs: 0 });
    expect(settleUnlessMoved).toHaveBeenCalledWith(OLD_LINK, expect.any(Function));
    expect(deliveries.markDead).not.toHaveBeenCalled();
    expect(deliveries.markAttemptFailed).not.toHaveBeenCalled();
  });

  it('dead-letters through the sender (the ledger of its transaction) while the link is unchanged', async () => {
    const ledgerInLock = { markDead: jest.fn().mockResolvedValue(undefined) };
    const sender = {
      target: DeliveryTarget.Elma365Webhook,
      send: jest.fn().mockRejectedValue(refusedBy(401, OLD_LINK)),
      settleUnlessMoved: jest.fn(async (_sentTo: string, settle: (d: DeliveryRepository) => Promise<void>) => {
        await settle(ledgerInLock as unknown as DeliveryRepository);
        return true;
      }),
    };
    const { sut, deliveries } = serviceWith(sender);

    await expect(sut.deliver(JOB)).resolves.toEqual({ kind: 'dead', error: 'ELMA365 webhook answered HTTP 401' });
    expect(ledgerInLock.markDead).toHaveBeenCalledWith(
      JOB.eventKey,
      JOB.target,
      'ELMA365 webhook answered HTTP 401',
      401,
    );
    expect(deliveries.markDead).not.toHaveBeenCalled();
  });

  it('dead-letters directly for a target whose address cannot move', async () => {
    const sender = { target: DeliveryTarget.Elma365Generic, send: jest.fn().mockRejectedValue(refusedBy(400)) };
    const { sut, deliveries } = serviceWith(sender);

    await expect(sut.deliver({ ...JOB, target: DeliveryTarget.Elma365Generic })).resolves.toMatchObject({
      kind: 'dead',
    });
    expect(deliveries.markDead).toHaveBeenCalledTimes(1);
  });
});
