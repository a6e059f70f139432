/**
 * Runs tasks of one key one after the other, in the order they were handed in, and tasks of different keys side
 * by side. A failed task does not stop the next one of its key (that is the caller's to decide). Forgets a key as
 * soon as its last task settled, so it holds only the keys at work.
 */
export class PerKeySequencer {
  private readonly tails = new Map<string, Promise<unknown>>();

  get activeKeys(): number {
    return this.tails.size;
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
