/**
 * The last webhook ids this script instance accepted, oldest evicted first. It only sees what the same ELMA365
 * script runtime processed: after a restart, on another runtime instance, or beyond `capacity` ids a resent request
 * is processed again (the connector resends a request whose answer it did not get).
 */
export class RecentWebhookIds {
  private readonly ids = new Map<string, true>();

  constructor(private readonly capacity = 1000) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    this.ids.delete(id);
    this.ids.set(id, true);
    // A Map iterates in insertion order, so its first key is the oldest.
    while (this.ids.size > this.capacity) {
      const oldest = this.ids.keys().next();
      if (oldest.done === true) break;
      this.ids.delete(oldest.value);
    }
  }
}
