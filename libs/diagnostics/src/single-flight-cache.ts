/**
 * One run at a time, its result reused for `reuseMs` after it finished: however often the endpoint is called, the
 * checks (and the pings they send to ELMA365, which count against its script budget) run at most once per window.
 */
export class SingleFlightCache<T> {
  private running?: Promise<T>;
  private last?: { readonly value: T; readonly doneAtMs: number };

  constructor(
    private readonly produce: () => Promise<T>,
    private readonly reuseMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    if (this.last && this.nowMs() - this.last.doneAtMs < this.reuseMs) return Promise.resolve(this.last.value);
    this.running ??= this.produce()
      .then((value) => {
        this.last = { value, doneAtMs: this.nowMs() };
        return value;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
