import { Logger } from '@nestjs/common';
import type { DeliveryLedger } from '@app/deliveries';
import type { DeliveryEntity, DeliveryTurn } from '@app/persistence';
import type { Elma365DeliveryProducer } from '@app/queue';
import type { DeliveryBudget } from './delivery-budget.service';
import { DeliveryTurns, STALE_CARD_REASON } from './delivery-turns.service';

const CALL = 'lab:1.1';
const TARGET = 'elma365-webhook';

function row(seq: number, overrides: Partial<DeliveryEntity> = {}): DeliveryEntity {
  return {
    callId: CALL,
    target: TARGET,
    kind: 'live',
    eventKey: `${CALL}#${seq}`,
    seq,
    card: '1001',
    status: 'pending',
    ...overrides,
  } as DeliveryEntity;
}

describe(DeliveryTurns.name, () => {
  let turns: (DeliveryTurn | null)[];
  let deliveries: { nextTurn: jest.Mock; isPending: jest.Mock; dropStaleCard: jest.Mock };
  let producer: { ensureQueued: jest.Mock; withdraw: jest.Mock };
  let budget: { isShort: jest.Mock; cardDropped: jest.Mock };
  let sut: DeliveryTurns;

  beforeAll(() => jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  beforeEach(() => {
    turns = [];
    deliveries = {
      nextTurn: jest.fn(async () => turns.shift() ?? null),
      isPending: jest.fn(async () => true),
      dropStaleCard: jest.fn(async () => [`${CALL}#1`, `${CALL}#4`]),
    };
    producer = { ensureQueued: jest.fn(async () => true), withdraw: jest.fn(async () => true) };
    budget = { isShort: jest.fn(async () => true), cardDropped: jest.fn() };
    sut = new DeliveryTurns(
      deliveries as unknown as DeliveryLedger,
      producer as unknown as Elma365DeliveryProducer,
      budget as unknown as DeliveryBudget,
    );
  });

  it('queues a turn the caller read with its write, without asking the ledger again', async () => {
    await sut.next(CALL, TARGET, false, { delivery: row(3), ringingOver: false });

    expect(deliveries.nextTurn).not.toHaveBeenCalled();
    expect(producer.ensureQueued).toHaveBeenCalledWith(
      { eventKey: `${CALL}#3`, callId: CALL, kind: 'live', target: TARGET },
      expect.any(Function),
    );
  });

  it('takes a known "nothing pending" at its word', async () => {
    turns = [{ delivery: row(2), ringingOver: false }];
    await sut.next(CALL, TARGET, false, null);

    expect(deliveries.nextTurn).not.toHaveBeenCalled();
    expect(producer.ensureQueued).not.toHaveBeenCalled();
  });

  it('queues nothing when nothing of the call is pending', async () => {
    await sut.next(CALL, TARGET);

    expect(producer.ensureQueued).not.toHaveBeenCalled();
  });

  it("queues the call's earliest pending delivery, checking the ledger before re-adding a finished job", async () => {
    turns = [{ delivery: row(2), ringingOver: false }];

    await sut.next(CALL, TARGET);

    expect(deliveries.nextTurn).toHaveBeenCalledWith(CALL, TARGET, false);
    expect(producer.ensureQueued).toHaveBeenCalledWith(
      { eventKey: `${CALL}#2`, callId: CALL, kind: 'live', target: TARGET },
      expect.any(Function),
    );
    const stillPending = producer.ensureQueued.mock.calls[0][1] as () => Promise<boolean>;
    await expect(stillPending()).resolves.toBe(true);
    expect(deliveries.isPending).toHaveBeenCalledWith({
      eventKey: `${CALL}#2`,
      callId: CALL,
      kind: 'live',
      target: TARGET,
    });
  });

  it('drops a card whose NotifyEnd is in the ledger before its turn while the budget is short, then queues the next', async () => {
    const record = row(9, { kind: 'record', eventKey: `${CALL}#record`, card: null });
    turns = [
      { delivery: row(1), ringingOver: true },
      { delivery: record, ringingOver: false },
    ];

    await sut.next(CALL, TARGET);

    expect(producer.withdraw).toHaveBeenCalledWith(expect.objectContaining({ eventKey: `${CALL}#1` }));
    expect(deliveries.dropStaleCard).toHaveBeenCalledWith(row(1), STALE_CARD_REASON);
    expect(budget.cardDropped).toHaveBeenCalledWith(TARGET);
    expect(producer.ensureQueued).toHaveBeenCalledTimes(1);
    expect(producer.ensureQueued).toHaveBeenCalledWith(
      expect.objectContaining({ eventKey: `${CALL}#record`, kind: 'record' }),
      expect.any(Function),
    );
  });

  it('sends a closed card when the budget is not short', async () => {
    budget.isShort.mockResolvedValue(false);
    turns = [{ delivery: row(1), ringingOver: true }];

    await sut.next(CALL, TARGET);

    expect(deliveries.dropStaleCard).not.toHaveBeenCalled();
    expect(producer.ensureQueued).toHaveBeenCalledWith(
      expect.objectContaining({ eventKey: `${CALL}#1` }),
      expect.any(Function),
    );
  });

  it('leaves a closed card to its running job, which decides for itself', async () => {
    producer.withdraw.mockResolvedValue(false);
    turns = [{ delivery: row(1), ringingOver: true }];

    await sut.next(CALL, TARGET);

    expect(deliveries.dropStaleCard).not.toHaveBeenCalled();
    expect(producer.ensureQueued).not.toHaveBeenCalled();
  });

  it('queues a closed card again when a send of it has begun (the ledger refuses the drop)', async () => {
    deliveries.dropStaleCard.mockResolvedValue([]);
    turns = [{ delivery: row(1), ringingOver: true }];

    await sut.next(CALL, TARGET);

    expect(budget.cardDropped).not.toHaveBeenCalled();
    expect(producer.ensureQueued).toHaveBeenCalledWith(
      expect.objectContaining({ eventKey: `${CALL}#1` }),
      expect.any(Function),
    );
  });
});
