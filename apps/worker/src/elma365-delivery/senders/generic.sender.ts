import type { CallEvent } from '@app/calls';
import type { Elma365GenericConfig } from '@app/config';
import { Elma365PubApiClient } from '@app/elma365';
import { GenericCallSync } from '@app/elma365';
import { type RedisRequestBudget } from '@app/queue';
import type { DeliverySender } from './delivery-sender';
import { DeliveryTarget } from '@app/deliveries';

/** What generic mode keeps in the ledger: the tracker event itself, synced to ELMA365's /pub/v1 when delivered. */
export interface GenericDeliveryPayload {
  readonly pbxId: string;
  readonly event: CallEvent;
}

/** Generic mode: the call item, the contact and the business process, through /pub/v1. */
export class GenericSender implements DeliverySender {
  readonly target = DeliveryTarget.Elma365Generic;
  private readonly sync: GenericCallSync;

  constructor(config: Elma365GenericConfig, defaultRegion: string, budget: RedisRequestBudget) {
    const client = new Elma365PubApiClient({
      baseUrl: config.apiUrl,
      token: config.apiToken,
      timeoutMs: config.requestTimeoutMs,
      beforeRequest: () => budget.take(),
    });
    this.sync = new GenericCallSync(client, { ...config, defaultRegion });
  }

  async send(payload: unknown): Promise<{ status: number }> {
    const { pbxId, event } = payload as GenericDeliveryPayload;
    await this.sync.syncEvent(pbxId, event);
    return { status: 200 };
  }
}
