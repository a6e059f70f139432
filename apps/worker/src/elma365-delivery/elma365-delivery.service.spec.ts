import { Logger } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import type { DeliveryLedger } from '@app/deliveries';
import { Elma365Exception } from '@app/elma365';
import type { DeliveryEntity, DeliveryRepository } from '@app/persistence';
import { type Elma365DeliveryJob } from '@app/queue';
import type { DeliveryBudget } from './delivery-budget.service';
import type { DeliveryTurns } from './delivery-turns.service';
import { Elma365DeliveryService } from './elma365-delivery.service';
import type { DeliveryFailure, DeliverySender, DeliverySenders } from './senders/delivery-sender';
import { DeliveryTarget } from '@app/deliveries';

const OLD_LINK = 'https://company.elma365.ru/hook?token=old';
const JOB: Elma365DeliveryJob = {
  eventKey: 'lab:1.1#record',
  callId: 'lab:1.1',
  kind: 'record',
  target: DeliveryTarget.Elma365Webhook,
};

const refusedBy = (status: number, sentTo?: string): DeliveryFailure =>
  Object.assign(
    new Elma365Exception(`ELMA365 webhook answered HTTP ${status}`, { classification: 'permanent', status }),
    {
      sentTo,
    },
  );

describe('Elma365DeliveryService, when the webhook link refuses a delivery for good', () => {
  const config = { delivery: { recordRetryScheduleMs: [1000], liveTimeoutMs: 100, recordTimeoutMs: 100 } };
  const row = { status: 'pending', attempts: 0, payload: { id: JOB.eventKey } } as DeliveryEntity;

  function serviceWith(sender: DeliverySender) {
    const deliveries = {
      findWithCallProgress: jest
        .fn()
        .mockResolvedValue({ delivery: row, recordDelivered: false, earlierPending: 0, ringingOver: false }),
      claimAttempt: jest.fn().mockResolvedValue(true),
      readDurableTurn: jest.fn().mockResolvedValue({ delivery: row, callAttempts: 0 }),
      markDead: jest.fn().mockResolvedValue(undefined),
      markAttemptFailed: jest.fn().mockResolvedValue(undefined),
    };
    const senders = { forTarget: () => sender } as unknown as DeliverySenders;
    const turns = { next: jest.fn().mockResolvedValue(undefined), dropStale: jest.fn() };
    const budget = { isShort: jest.fn(), requestSent: jest.fn().mockResolvedValue(undefined) };
    const sut = new Elma365DeliveryService(
      config as unknown as AppConfig,
      deliveries as unknown as DeliveryLedger,
      senders,
      turns as unknown as DeliveryTurns,
      budget as unknown as DeliveryBudget,
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

    await expect(sut.deliver(JOB)).resolves.toEqual({ kind: 'wait', delayMs: 0, sent: true });
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
    expect(deliveries.markDead).toHaveBeenCalledWith(JOB, 'ELMA365 webhook answered HTTP 401', 401, ledgerInLock);
    expect(deliveries.markDead).toHaveBeenCalledTimes(1);
  });

  it('settles a card refused for good as done: skipped by the ledger, not a dead letter', async () => {
    const sender = { target: DeliveryTarget.Elma365Generic, send: jest.fn().mockRejectedValue(refusedBy(400)) };
    const { sut, deliveries } = serviceWith(sender);
    const card = { ...JOB, eventKey: 'lab:1.1#3', kind: 'live' as const };

    await expect(sut.deliver(card)).resolves.toEqual({ kind: 'done', sent: true });
    expect(deliveries.markDead).toHaveBeenCalledWith(card, 'ELMA365 webhook answered HTTP 400', 400, undefined);
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

describe('Elma365DeliveryService, spending the request budget', () => {
  const config = { delivery: { recordRetryScheduleMs: [1000], liveTimeoutMs: 100, recordTimeoutMs: 100 } };
  const START: Elma365DeliveryJob = {
    eventKey: 'lab:1.1#1',
    callId: 'lab:1.1',
    kind: 'live',
    target: DeliveryTarget.Elma365Webhook,
  };
  const ringingAt = Date.parse('2026-11-26T10:00:00.000Z');
  const startRow = {
    eventKey: START.eventKey,
    callId: START.callId,
    target: START.target,
    kind: 'live',
    seq: 1,
    card: '1001',
    status: 'pending',
    attempts: 0,
    payload: { kind: 'event', card: '1001', event: { event: 'NotifyStart', at: new Date(ringingAt).toISOString() } },
  } as unknown as DeliveryEntity;
  const recordRow = {
    ...startRow,
    eventKey: 'lab:1.1#record',
    kind: 'record',
    seq: 9,
    card: null,
    payload: { kind: 'record' },
  } as unknown as DeliveryEntity;

  function serviceWith(progress: { delivery: DeliveryEntity; earlierPending?: number; ringingOver?: boolean }) {
    const deliveries = {
      findWithCallProgress: jest.fn().mockResolvedValue({
        recordDelivered: false,
        earlierPending: 0,
        ringingOver: false,
        cardRows: [{ seq: 1, event: 'NotifyStart', status: 'pending' }],
        ...progress,
      }),
      claimAttempt: jest.fn().mockResolvedValue(true),
      readDurableTurn: jest.fn().mockResolvedValue({ delivery: progress.delivery, callAttempts: 2 }),
      markDelivered: jest.fn().mockResolvedValue({ next: 'durable', liveAttempts: 1 }),
      markAttemptFailed: jest.fn().mockResolvedValue(undefined),
    };
    const sender = { target: DeliveryTarget.Elma365Webhook, send: jest.fn().mockResolvedValue({ status: 200 }) };
    const senders = { forTarget: () => sender } as unknown as DeliverySenders;
    const turns = { next: jest.fn().mockResolvedValue(undefined), dropStale: jest.fn().mockResolvedValue(true) };
    const budget = {
      isShort: jest.fn().mockResolvedValue(true),
      requestSent: jest.fn().mockResolvedValue(undefined),
      rateLimited: jest.fn().mockResolvedValue(undefined),
      cardOpened: jest.fn(),
      callSettled: jest.fn(),
    };
    const sut = new Elma365DeliveryService(
      config as unknown as AppConfig,
      deliveries as unknown as DeliveryLedger,
      senders,
      turns as unknown as DeliveryTurns,
      budget as unknown as DeliveryBudget,
    );
    return { sut, deliveries, sender, turns, budget };
  }

  beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('sends a NotifyStart, claims it first, measures its lag, then gives the call its next turn', async () => {
    const { sut, deliveries, sender, turns, budget } = serviceWith({ delivery: startRow });

    await expect(sut.deliver(START)).resolves.toEqual({ kind: 'done', sent: true, next: 'durable' });

    expect(deliveries.claimAttempt.mock.invocationCallOrder[0]).toBeLessThan(sender.send.mock.invocationCallOrder[0]);
    expect(budget.requestSent).toHaveBeenCalledWith(START.target, 'live', 200);
    expect(budget.cardOpened).toHaveBeenCalledWith(expect.any(Number));
    expect(budget.cardOpened.mock.calls[0][0]).toBeGreaterThan(Date.now() - ringingAt - 1000);
    // What settling the card read of the call's next turn is handed on, not asked again.
    expect(turns.next).toHaveBeenCalledWith(START.callId, START.target, false, 'durable');
    expect(deliveries.markDelivered.mock.invocationCallOrder[0]).toBeLessThan(turns.next.mock.invocationCallOrder[0]);
  });

  it('drops a card whose NotifyEnd came before its turn while the budget is short: nothing sent', async () => {
    const { sut, sender, turns } = serviceWith({ delivery: startRow, ringingOver: true });

    await expect(sut.deliver(START)).resolves.toEqual({ kind: 'done', sent: false });

    expect(turns.dropStale).toHaveBeenCalledWith(startRow);
    expect(sender.send).not.toHaveBeenCalled();
    expect(turns.next).toHaveBeenCalledWith(START.callId, START.target, false, undefined);
  });

  it('sends a closed card when the budget is not short', async () => {
    const { sut, sender, turns, budget } = serviceWith({ delivery: startRow, ringingOver: true });
    budget.isShort.mockResolvedValue(false);

    await expect(sut.deliver(START)).resolves.toMatchObject({ kind: 'done', sent: true });

    expect(turns.dropStale).not.toHaveBeenCalled();
    expect(sender.send).toHaveBeenCalledTimes(1);
  });

  it('sends nothing when the card was dropped between the look and the claim', async () => {
    const { sut, deliveries, sender } = serviceWith({ delivery: startRow });
    deliveries.claimAttempt.mockResolvedValue(false);

    await expect(sut.deliver(START)).resolves.toEqual({ kind: 'done', sent: false });

    expect(sender.send).not.toHaveBeenCalled();
  });

  it('steps aside, spending nothing, while an earlier delivery of its call is pending', async () => {
    const { sut, sender, turns } = serviceWith({ delivery: startRow, earlierPending: 1 });

    await expect(sut.deliver(START)).resolves.toEqual({ kind: 'done', sent: false });

    expect(sender.send).not.toHaveBeenCalled();
    expect(turns.next).toHaveBeenCalledWith(START.callId, START.target, false, undefined);
  });

  it('counts what the whole call cost once its record is delivered: earlier attempts, this one, its cards', async () => {
    const { sut, deliveries, budget } = serviceWith({ delivery: recordRow });
    const job = { ...START, eventKey: recordRow.eventKey, kind: 'record' as const };

    await sut.deliver(job);

    expect(deliveries.readDurableTurn).toHaveBeenCalledWith(job);
    expect(deliveries.findWithCallProgress).not.toHaveBeenCalled();
    expect(budget.callSettled).toHaveBeenCalledWith(START.target, 2 + 1 + 1);
    expect(budget.cardOpened).not.toHaveBeenCalled();
  });

  it('sends no record whose turn has not come (claimed by nobody)', async () => {
    const { sut, deliveries, sender } = serviceWith({ delivery: recordRow });
    deliveries.readDurableTurn.mockResolvedValue(null);

    await expect(sut.deliver({ ...START, eventKey: recordRow.eventKey, kind: 'record' })).resolves.toEqual({
      kind: 'done',
      sent: false,
    });
    expect(sender.send).not.toHaveBeenCalled();
  });

  it('remembers a 429 so that the budget counts as short, and pauses the queue for Retry-After', async () => {
    const { sut, sender, budget, turns } = serviceWith({ delivery: startRow });
    sender.send.mockRejectedValue(
      new Elma365Exception('ELMA365 webhook answered HTTP 429', {
        classification: 'rate_limited',
        status: 429,
        retryAfterMs: 2000,
      }),
    );

    await expect(sut.deliver(START)).resolves.toEqual({ kind: 'rate_limited', delayMs: 2000 });

    expect(budget.rateLimited).toHaveBeenCalledWith(2000);
    expect(budget.requestSent).toHaveBeenCalledTimes(1);
    expect(budget.requestSent).toHaveBeenCalledWith(START.target, 'live', 429);
    expect(turns.next).not.toHaveBeenCalled();
  });
});
