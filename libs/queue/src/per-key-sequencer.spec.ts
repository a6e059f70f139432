import { PerKeySequencer } from './per-key-sequencer';

describe('PerKeySequencer', () => {
  const tick = () => new Promise((r) => setImmediate(r));

  it('runs the tasks of one key in order, one at a time, and other keys alongside', async () => {
    const sut = new PerKeySequencer();
    const log: string[] = [];
    const releases: Record<string, () => void> = {};
    const task = (name: string) => () =>
      new Promise<string>((resolve) => {
        log.push(`start ${name}`);
        releases[name] = () => {
          log.push(`end ${name}`);
          resolve(name);
        };
      });

    const a1 = sut.run('a', task('a1'));
    const a2 = sut.run('a', task('a2'));
    const b1 = sut.run('b', task('b1'));
    await tick();
    expect(log).toEqual(['start a1', 'start b1']);

    releases.b1();
    releases.a1();
    await tick();
    expect(log).toEqual(['start a1', 'start b1', 'end b1', 'end a1', 'start a2']);
    releases.a2();
    expect(await Promise.all([a1, a2, b1])).toEqual(['a1', 'a2', 'b1']);
    await tick();
    expect(sut.activeKeys).toBe(0);
  });

  it('goes on with the next task of a key after one failed, and reports the failure to its caller', async () => {
    const sut = new PerKeySequencer();
    const failing = sut.run('a', () => Promise.reject(new Error('database away')));
    const next = sut.run('a', () => Promise.resolve('ran'));

    await expect(failing).rejects.toThrow('database away');
    await expect(next).resolves.toBe('ran');
  });
});
