export interface OrderedOutboxOptions<T> {
  /** hands one batch on; rejects when it could not (the same batch is tried again, nothing after it goes first) */
  readonly send: (items: readonly T[]) => Promise<void>;
  /** most items held while sending fails; beyond it the oldest are dropped (reported through onDrop) */
  readonly maxItems: number;
  /** largest batch per send */
  readonly maxBatch: number;
  /** waits between failed attempts, the last one repeated */
  readonly retryDelaysMs: readonly number[];
  readonly onRetry?: (error: Error, attempt: number, held: number) => void;
  readonly onDrop?: (items: readonly T[], why: string) => void;
}

interface Pending<T> {
  readonly item: T;
  readonly settle: { resolve: () => void; reject: (error: Error) => void };
}

/**
 * Items leave in the order they came, each batch only after the one before it was taken, and a batch that fails is
 * tried again until it goes: a Redis restart ("LOADING", a closed connection) must cost no call event. Held in
 * memory with a bound; what the bound drops is logged, and recovered later from the PBX's CDR.
 */
export class OrderedOutbox<T> {
  private readonly pending: Pending<T>[] = [];
  private pumping = false;
  private closed = false;
  private wakeUp?: () => void;

  constructor(private readonly options: OrderedOutboxOptions<T>) {}

  get held(): number {
    return this.pending.length;
  }

  /** Resolves once the items were handed on; rejects only if they were dropped or the outbox closed first. */
  push(items: readonly T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    if (this.closed) return Promise.reject(new Error('outbox closed: items not handed on'));
    const all = items.map(
      (item) => new Promise<void>((resolve, reject) => this.pending.push({ item, settle: { resolve, reject } })),
    );
    this.enforceBound();
    void this.pump();
    return Promise.all(all).then(() => undefined);
  }

  /** Stops retrying; whatever is still held is rejected and reported. */
  close(): void {
    this.closed = true;
    this.wakeUp?.();
    const left = this.pending.splice(0);
    if (left.length > 0) this.drop(left, 'the outbox closed before they could be handed on');
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      let attempt = 0;
      while (!this.closed && this.pending.length > 0) {
        const batch = this.pending.slice(0, this.options.maxBatch);
        try {
          await this.options.send(batch.map((p) => p.item));
        } catch (error) {
          attempt++;
          this.options.onRetry?.(error as Error, attempt, this.pending.length);
          await this.sleep(this.delayFor(attempt));
          continue;
        }
        attempt = 0;
        // The bound may have dropped some of this batch while it was in flight: settle only what is still first.
        for (const sent of batch) {
          if (this.pending[0] !== sent) continue;
          this.pending.shift();
          sent.settle.resolve();
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private enforceBound(): void {
    const excess = this.pending.length - this.options.maxItems;
    if (excess > 0) this.drop(this.pending.splice(0, excess), `more than ${this.options.maxItems} items held`);
  }

  private drop(dropped: Pending<T>[], why: string): void {
    this.options.onDrop?.(
      dropped.map((p) => p.item),
      why,
    );
    for (const p of dropped) p.settle.reject(new Error(`dropped: ${why}`));
  }

  private delayFor(attempt: number): number {
    const delays = this.options.retryDelaysMs;
    return delays[Math.min(attempt, delays.length) - 1] ?? 0;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
