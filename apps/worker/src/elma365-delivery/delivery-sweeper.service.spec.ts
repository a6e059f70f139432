import type { DeliveryRepository, PendingTurn } from '@app/persistence';
import type { Elma365DeliveryProducer } from '@app/queue';
import { DeliverySweeper } from './delivery-sweeper.service';
import type { DeliveryTurns } from './delivery-turns.service';

const turn = (n: number): PendingTurn => ({
  eventKey: `lab:${n}#1`,
  callId: `lab:${n}`,
  target: 'elma365-webhook',
  kind: 'live',
});

describe(DeliverySweeper.name, () => {
  it('gives a turn again to every pending call whose earliest delivery has no job that will still run', async () => {
    const pages = [Array.from({ length: 500 }, (_, i) => turn(i)), [turn(500), turn(501)]];
    const deliveries = { listPendingTurns: jest.fn(async () => pages.shift() ?? []) };
    const producer = { hasLiveJob: jest.fn(async (t: PendingTurn) => t.callId !== 'lab:7' && t.callId !== 'lab:501') };
    const turns = { next: jest.fn(async () => undefined) };
    const sut = new DeliverySweeper(
      deliveries as unknown as DeliveryRepository,
      producer as unknown as Elma365DeliveryProducer,
      turns as unknown as DeliveryTurns,
    );

    await expect(sut.sweep()).resolves.toBe(2);

    expect(turns.next.mock.calls).toEqual([
      ['lab:7', 'elma365-webhook'],
      ['lab:501', 'elma365-webhook'],
    ]);
    expect(deliveries.listPendingTurns.mock.calls).toEqual([
      [null, 500],
      [turn(499), 500],
    ]);
  });
});
