/** What we know of a call's item in the calls app. */
export interface KnownCallItem {
  readonly id: string;
  readonly contactId: string | null;
  readonly processStarted: boolean;
}

const MAX_ENTRIES = 10_000;

/**
 * The items this process already found or created, by callId: spares a `list` per event (the API limit is
 * 90 requests a minute on SaaS). Only a shortcut — after a restart the items are found again by callId.
 */
export class KnownCallItems {
  private readonly items = new Map<string, KnownCallItem>();

  get(callId: string): KnownCallItem | undefined {
    return this.items.get(callId);
  }

  set(callId: string, item: KnownCallItem): void {
    this.items.delete(callId);
    this.items.set(callId, item);
    // Map keeps insertion order: the first key is the least recently written.
    for (const oldest of this.items.keys()) {
      if (this.items.size <= MAX_ENTRIES) break;
      this.items.delete(oldest);
    }
  }
}
