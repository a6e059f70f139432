import { Injectable, Logger } from '@nestjs/common';
import { DeliveryLedger, type TurnHint, type DeliveryTarget } from '@app/deliveries';
import type { DeliveryEntity, DeliveryTurn } from '@app/persistence';
import { type Elma365DeliveryJob, Elma365DeliveryProducer } from '@app/queue';
import { DeliveryBudget } from './delivery-budget.service';

/** last_error of a card dropped because its ringing ended before its turn came. */
export const STALE_CARD_REASON = 'stale: the phone stopped ringing before its turn (request budget short)';

export function deliveryJobOf(
  row: Pick<DeliveryEntity, 'eventKey' | 'callId' | 'kind' | 'target'>,
): Elma365DeliveryJob {
  return { eventKey: row.eventKey, callId: row.callId, kind: row.kind, target: row.target };
}

/**
 * Per call and target only the earliest pending delivery has a queue job; the next one is queued when it is done
 * (delivered, skipped or dead). So a delivery that waits for its call's earlier one waits in the ledger, not in
 * the queue, and spends no slot of the rate limit. While the budget is short, a card whose phone stopped ringing
 * before its NotifyStart's turn came (its NotifyAnswer or NotifyEnd is in the ledger) is dropped there, whole.
 * Live card events are in Redis and the rest in PostgreSQL (DeliveryLedger): a card's turn waits for no disk.
 */
@Injectable()
export class DeliveryTurns {
  private readonly logger = new Logger('Elma365Delivery');

  constructor(
    private readonly ledger: DeliveryLedger,
    private readonly producer: Elma365DeliveryProducer,
    private readonly budget: DeliveryBudget,
  ) {}

  /**
   * Gives the call's earliest pending delivery to `target` a job (idempotent: any process may call it any time).
   * `durableMayExist`: the caller saw a pending delivery of the call in PostgreSQL's ledger (the sweeper).
   */
  async next(callId: string, target: DeliveryTarget, durableMayExist = false, known?: TurnHint): Promise<void> {
    let read = known;
    for (;;) {
      // The caller may know the turn already (read with the row it wrote or settled); after a drop it is asked again.
      const turn = await this.read(callId, target, durableMayExist, read);
      read = undefined;
      if (!turn) return;
      const job = deliveryJobOf(turn.delivery);
      if (turn.ringingOver && (await this.budget.isShort())) {
        // A job already running decides for itself; one still waiting is taken back before it costs a slot.
        if (!(await this.producer.withdraw(job))) return;
        if (await this.dropStale(turn.delivery)) continue;
      }
      await this.producer.ensureQueued(job, () => this.ledger.isPending(job));
      return;
    }
  }

  private read(
    callId: string,
    target: DeliveryTarget,
    durableMayExist: boolean,
    known?: TurnHint,
  ): Promise<DeliveryTurn | null> {
    if (known === 'durable') return this.ledger.nextDurableTurn(callId, target);
    if (known !== undefined) return Promise.resolve(known);
    return this.ledger.nextTurn(callId, target, durableMayExist);
  }

  /** Drops the card that `start` opens, whole; false when it is committed (a send began) or its phone still rings. */
  async dropStale(start: DeliveryEntity): Promise<boolean> {
    const dropped = await this.ledger.dropStaleCard(start, STALE_CARD_REASON);
    if (dropped.length === 0) return false;
    this.budget.cardDropped(start.target);
    this.logger.log(`[${start.target} ${start.callId}] card of ${start.card} dropped as stale: ${dropped.join(', ')}`);
    return true;
  }
}
