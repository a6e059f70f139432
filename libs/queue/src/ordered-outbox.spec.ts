import { OrderedOutbox, type OrderedOutboxOptions } from './ordered-outbox';

describe('OrderedOutbox', () => {
  let taken: number[];
  let failuresLeft: number;
  let sends: number;

  const outbox = (overrides: Partial<OrderedOutboxOptions<number>> = {}) =>
    new OrderedOutbox<number>({
      send: async (items) => {
        sends++;
        await Promise.resolve();
        if (failuresLeft > 0) {
          failuresLeft--;
          throw new Error('LOADING Redis is loading the dataset in memory');
        }
        taken.push(...items);
      },
      maxItems: 1000,
      maxBatch: 3,
      retryDelaysMs: [1, 2],
      ...overrides,
    });

  beforeEach(() => {
    taken = [];
    failuresLeft = 0;
    sends = 0;
  });

  it('hands items on in the order they came, in batches, and resolves each push once taken', async () => {
    const sut = outbox();

    await Promise.all([sut.push([1, 2]), sut.push([3, 4, 5, 6, 7]), sut.push([8])]);

    expect(taken).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(sends).toBe(3);
    expect(sut.held).toBe(0);
  });

  it('tries a failed batch again until it goes, with nothing overtaking it', async () => {
    failuresLeft = 4;
    const retries: number[] = [];
    const sut = outbox({ onRetry: (_error, attempt) => retries.push(attempt) });

    const first = sut.push([1, 2]);
    const second = sut.push([3]);
    await Promise.all([first, second]);

    expect(taken).toEqual([1, 2, 3]);
    expect(retries).toEqual([1, 2, 3, 4]);
  });

  it('drops the oldest beyond its bound, says so, and keeps the rest in order', async () => {
    failuresLeft = 2;
    const dropped: number[] = [];
    const sut = outbox({ maxItems: 3, maxBatch: 10, onDrop: (items) => dropped.push(...items) });

    const early = sut.push([1, 2]).catch((error: Error) => error.message);
    const late = sut.push([3, 4, 5]);

    expect(await early).toMatch(/^dropped: more than 3 items held/);
    await late;
    expect(dropped).toEqual([1, 2]);
    expect(taken).toEqual([3, 4, 5]);
  });

  it('stops retrying when closed and rejects what it still holds', async () => {
    failuresLeft = Number.POSITIVE_INFINITY;
    const dropped: number[] = [];
    const sut = outbox({ retryDelaysMs: [60_000], onDrop: (items) => dropped.push(...items) });

    const pending = sut.push([1, 2]).catch((error: Error) => error.message);
    await new Promise((r) => setImmediate(r));
    sut.close();

    expect(await pending).toMatch(/^dropped: the outbox closed/);
    expect(dropped).toEqual([1, 2]);
    await expect(sut.push([3])).rejects.toThrow('outbox closed');
  });
});
