interface Waiter {
  readonly check: () => void;
  readonly fail: (error: Error) => void;
}

/** Pending waits on a test double, each re-checked whenever the double says something changed. */
export class ChangeWaiters {
  private readonly waiters = new Set<Waiter>();
  private closedBecause: string | undefined;

  /** `owner` names the double in timeout messages */
  constructor(private readonly owner: string) {}

  /** Resolves with probe()'s value once it is not undefined; a throwing probe fails the wait. */
  until<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          let value: T | undefined;
          try {
            value = probe();
          } catch (error) {
            waiter.fail(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          if (value === undefined) return;
          done();
          resolve(value);
        },
        fail: (error) => {
          done();
          reject(error);
        },
      };
      const timer = setTimeout(
        () => waiter.fail(new Error(`${this.owner}: no ${what} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      if (this.closedBecause !== undefined) return waiter.fail(new Error(this.closedBecause));
      this.waiters.add(waiter);
      waiter.check();
    });
  }

  changed(): void {
    for (const waiter of [...this.waiters]) waiter.check();
  }

  /** Fails every pending wait, and every later one at once. */
  close(reason: string, laterReason = reason): void {
    this.closedBecause = laterReason;
    for (const waiter of [...this.waiters]) waiter.fail(new Error(reason));
  }
}
