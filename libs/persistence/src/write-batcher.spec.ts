import { WriteBatcher } from './write-batcher';

describe(WriteBatcher.name, () => {
  it('writes the first item at once and everything that arrived meanwhile as the next batch', async () => {
    const batches: number[][] = [];
    let release = (): void => undefined;
    const sut = new WriteBatcher<number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });

    const first = sut.add(1);
    const rest = [sut.add(2), sut.add(3), sut.add(4)];
    expect(batches).toEqual([[1]]);
    release();
    await Promise.all([first, ...rest]);

    expect(batches).toEqual([[1], [2, 3, 4]]);
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
    await expect(Promise.all(failed)).resolves.toEqual(['connection refused', 'ok']);
    await expect(sut.add('c')).resolves.toBeUndefined();
  });

  it('cuts batches at the maximum size', async () => {
    const sizes: number[] = [];
    const sut = new WriteBatcher<number>(async (items) => {
      sizes.push(items.length);
      await Promise.resolve();
    }, 2);

    await Promise.all([1, 2, 3, 4, 5].map((n) => sut.add(n)));

    expect(sizes).toEqual([1, 2, 2]);
  });
});
