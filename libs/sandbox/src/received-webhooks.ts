/** One webhook the ELMA365 stand-in accepted. */
export interface ReceivedWebhook {
  /** ISO-8601, when the stand-in received it */
  readonly receivedAt: string;
  /** the `webhook-id` header */
  readonly id: string;
  /** every stored webhook passed verifyBearerToken + verifyWebhook; refused ones are only counted */
  readonly signature: 'valid';
  /** the parsed JSON body */
  readonly payload: unknown;
}

/** The last `capacity` accepted webhooks, oldest first, and how many were refused. */
export class ReceivedWebhooks {
  private readonly items: ReceivedWebhook[] = [];
  private refusedCount = 0;

  constructor(private readonly capacity = 200) {}

  add(webhook: ReceivedWebhook): void {
    this.items.push(webhook);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }

  refuse(): void {
    this.refusedCount += 1;
  }

  get refused(): number {
    return this.refusedCount;
  }

  list(): readonly ReceivedWebhook[] {
    return [...this.items];
  }
}
