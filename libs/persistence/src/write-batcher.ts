/**
 * Group commit for one kind of write: while a batch is being written, what arrives waits and goes in the next one,
 * as a single statement. Idle, a write goes after one turn of the event loop (no timer: what the same turn adds joins
 * it); under load the statements carry as many rows as arrived during one round trip, so the rate follows the
 * database's round trips, not its rows. Each caller's promise settles with its batch: a failed batch rejects every
 * caller in it (their jobs retry).
 */
export class WriteBatcher<T> {
  private waiting: { item: T; done: () => void; failed: (error: unknown) => void }[] = [];
  private writing = false;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly maxBatch = 500,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((done, failed) => {
      this.waiting.push({ item, done, failed });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        // Callers woken by the last batch add their next rows in the same turn: without this hop the next batch
        // would hold one row and the one after it the rest.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const batch = this.waiting.splice(0, this.maxBatch);
        try {
          await this.write(batch.map((w) => w.item));
          for (const w of batch) w.done();
        } catch (error) {
          for (const w of batch) w.failed(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
