import type { DeliveryLedger } from '@app/deliveries';
import type { PendingTurn } from '@app/persistence';
import type { Elma365DeliveryProducer } from '@app/queue';
import { DeliverySweeper } from './delivery-sweeper.service';
import type { DeliveryTurns } from './delivery-turns.service';

const turn = (n: number): PendingTurn => ({
  eventKey: `lab:${n}#record`,
  callId: `lab:${n}`,
  target: 'elma365-webhook',
  kind: 'record',
});
const liveTurn = (n: number): PendingTurn => ({ ...turn(n), eventKey: `lab:${n}#1`, kind: 'live' });

describe(DeliverySweeper.name, () => {
  it('gives a turn again to every pending call, live cards and durable pages, whose earliest delivery has no job', async () => {
    const pages = [Array.from({ length: 500 }, (_, i) => turn(i)), [turn(500), turn(501)]];
    const deliveries = {
      pendingLiveTurns: jest.fn(async () => [liveTurn(900), liveTurn(901)]),
      listPendingTurns: jest.fn(async () => pages.shift() ?? []),
    };
    const producer = {
      hasLiveJob: jest.fn(async (t: PendingTurn) => !['lab:7', 'lab:501', 'lab:901'].includes(t.callId)),
    };
    const turns = { next: jest.fn(async () => undefined) };
    const sut = new DeliverySweeper(
      deliveries as unknown as DeliveryLedger,
      producer as unknown as Elma365DeliveryProducer,
      turns as unknown as DeliveryTurns,
    );

    await expect(sut.sweep()).resolves.toBe(3);

    // A durable page's turn is asked of PostgreSQL whatever Redis remembers of the call (it may have lost it).
    expect(turns.next.mock.calls).toEqual([
      ['lab:901', 'elma365-webhook', false],
      ['lab:7', 'elma365-webhook', true],
      ['lab:501', 'elma365-webhook', true],
    ]);
    expect(deliveries.listPendingTurns.mock.calls).toEqual([
      [null, 500],
      [turn(499), 500],
    ]);
  });
});
