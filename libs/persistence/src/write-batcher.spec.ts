import { WriteBatcher } from './write-batcher';

describe(WriteBatcher.name, () => {
  it('writes what one turn of the event loop adds as one batch, and what arrives meanwhile as the next', async () => {
    const batches: number[][] = [];
    let release = (): void => undefined;
    let writing = (): void => undefined;
    const firstWrite = new Promise<void>((resolve) => (writing = resolve));
    const sut = new WriteBatcher<number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) {
        writing();
        await new Promise<void>((resolve) => (release = resolve));
      }
    });

    const first = [sut.add(1), sut.add(2)];
    expect(batches).toEqual([]);
    await firstWrite;
    const rest = [sut.add(3), sut.add(4), sut.add(5)];
    release();
    await Promise.all([...first, ...rest]);

    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it('rejects every caller of a failed batch and goes on with the next', async () => {
    let fail = true;
    const sut = new WriteBatcher<string>(async () => {
      await Promise.resolve();
      if (fail) {
        fail = false;
        throw new Error('connection refused');
      }
    });

    const failed = [sut.add('a'), sut.add('b')].map((p) =>
      p.then(
        () => 'ok',
        (e: Error) => e.message,
      ),
    );
    await expect(Promise.all(failed)).resolves.toEqual(['connection refused', 'connection refused']);
    await expect(sut.add('c')).resolves.toBeUndefined();
  });

  it('cuts batches at the maximum size', async () => {
    const sizes: number[] = [];
    const sut = new WriteBatcher<number>(async (items) => {
      sizes.push(items.length);
      await Promise.resolve();
    }, 2);

    await Promise.all([1, 2, 3, 4, 5].map((n) => sut.add(n)));

    expect(sizes).toEqual([2, 2, 1]);
  });
});
