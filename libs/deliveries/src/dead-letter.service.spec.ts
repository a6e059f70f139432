import type { DeliveryEntity, DeliveryRepository } from '@app/persistence';
import type { Elma365DeliveryProducer } from '@app/queue';
import { DeadLetterService } from './dead-letter.service';

const deadRow = (eventKey: string): DeliveryEntity =>
  ({ eventKey, target: 'elma365-webhook', callId: 'lab:1', kind: 'record' }) as DeliveryEntity;

describe('DeadLetterService', () => {
  function build(dead: string[]) {
    const status = new Map(dead.map((key) => [key, 'dead']));
    const deliveries = {
      listDead: jest.fn(async () => [...status].filter(([, s]) => s === 'dead').map(([key]) => deadRow(key))),
      findDead: jest.fn(async (key: string) => (status.get(key) === 'dead' ? [deadRow(key)] : [])),
      resetToPending: jest.fn(async (key: string) => status.get(key) === 'dead' && !!status.set(key, 'pending')),
      isPending: jest.fn(async (key: string) => status.get(key) === 'pending'),
    };
    // The target keeps refusing: every replayed delivery is dead again at once.
    const producer = {
      ensureQueued: jest.fn(async (job: { eventKey: string }) => !!status.set(job.eventKey, 'dead')),
    };
    const sut = new DeadLetterService(
      deliveries as unknown as DeliveryRepository,
      producer as unknown as Elma365DeliveryProducer,
    );
    return { sut, deliveries, producer };
  }

  it('replays what was dead when asked, each once, even when the target refuses them again at once', async () => {
    const { sut, deliveries, producer } = build(['lab:1#record', 'lab:2#record']);

    expect(await sut.replayAll()).toBe(2);
    expect(deliveries.listDead).toHaveBeenCalledTimes(1);
    expect(producer.ensureQueued).toHaveBeenCalledTimes(2);
  });

  it('queues through ensureQueued, which never removes a job a worker holds', async () => {
    const { sut, producer } = build(['lab:1#record']);

    expect(await sut.replay('lab:1#record')).toBe(true);
    expect(producer.ensureQueued).toHaveBeenCalledWith(
      { eventKey: 'lab:1#record', callId: 'lab:1', kind: 'record', target: 'elma365-webhook' },
      expect.any(Function),
    );
    expect(await sut.replay('lab:unknown#1')).toBe(false);
  });
});
