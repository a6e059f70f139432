import {
  type DeliveryEntity,
  type DeliveryKind,
  type DeliveryRepository,
  type DeliveryTurn,
  type DeliveryWithCallProgress,
  type PendingDelivery,
  type PendingTurn,
  WriteBatcher,
} from '@app/persistence';
import { DeliveryTarget } from '@app/queue';
import type { LiveDeliveryStore } from './live-delivery.store';

/** Which row: its key, target and kind (the kind says which store holds it). */
export interface DeliveryRef {
  readonly eventKey: string;
  readonly target: string;
  readonly kind: DeliveryKind;
}

/**
 * The delivery ledger as the worker sees it, one call's deliveries in one order across two stores: live card events
 * in Redis (LiveDeliveryStore: a card waits for no disk), call records and generic-mode deliveries in PostgreSQL
 * (durable, exactly once). A call's live events come before its record, so a record's turn waits for the call's
 * pending live events, and a live event arriving after its record finds the record noted in Redis. PostgreSQL's
 * new rows and delivered marks go in batches (WriteBatcher): one statement for what arrives during one round trip.
 */
export class DeliveryLedger {
  private readonly newRecords: WriteBatcher<PendingDelivery>;
  private readonly deliveredRecords: WriteBatcher<{ eventKey: string; target: string; statusCode: number | null }>;

  constructor(
    private readonly records: DeliveryRepository,
    private readonly live: LiveDeliveryStore,
  ) {
    this.newRecords = new WriteBatcher((rows) => records.ensurePendingMany(rows));
    this.deliveredRecords = new WriteBatcher((rows) => records.markDeliveredMany(rows));
  }

  async ensurePending(delivery: PendingDelivery): Promise<void> {
    await this.ensurePendingWithTurn(delivery);
  }

  /**
   * ensurePending, and for a live event the call's turn read in the same round trip: the turn, null when nothing is
   * pending, undefined when the turn is to be asked (a durable delivery, or a call with one in PostgreSQL).
   */
  async ensurePendingWithTurn(delivery: PendingDelivery): Promise<DeliveryTurn | null | undefined> {
    if (delivery.kind === 'live') {
      const { turn, durable } = await this.live.ensurePendingWithTurn(delivery);
      return turn ?? (durable ? undefined : null);
    }
    await this.live.noteDurable(delivery.callId, delivery.target);
    await this.newRecords.add(delivery);
    return undefined;
  }

  async findWithCallProgress(ref: DeliveryRef): Promise<DeliveryWithCallProgress | null> {
    if (ref.kind === 'live') return this.live.findWithCallProgress(ref.eventKey, ref.target);
    const found = await this.records.findWithCallProgress(ref.eventKey, ref.target);
    if (!found) return null;
    const { callId, target, seq } = found.delivery;
    return { ...found, earlierPending: found.earlierPending + (await this.live.pendingBefore(callId, target, seq)) };
  }

  /**
   * The call's earliest pending delivery to the target: its live events first, then the durable ones — asked of
   * PostgreSQL only when the call has any there, or when `durableMayExist` says so (the sweeper, which found one).
   */
  async nextTurn(callId: string, target: string, durableMayExist = false): Promise<DeliveryTurn | null> {
    const { turn, durable } = await this.live.turnOf(callId, target);
    if (turn) return turn;
    return durable || durableMayExist ? this.records.nextTurn(callId, target) : null;
  }

  isPending(ref: DeliveryRef): Promise<boolean> {
    return this.store(ref).isPending(ref.eventKey, ref.target);
  }

  claimAttempt(ref: DeliveryRef): Promise<boolean> {
    return this.store(ref).claimAttempt(ref.eventKey, ref.target);
  }

  /** A record noted in Redis first: should PostgreSQL's mark fail, the record goes again (same id), harmlessly. */
  async markDelivered(row: DeliveryEntity, statusCode: number | null): Promise<void> {
    if (row.kind === 'live') return this.live.markDelivered(row.eventKey, row.target, statusCode);
    // Only the webhook has live cards for a late one to be judged against its call's record.
    if (row.target === DeliveryTarget.Elma365Webhook) await this.live.noteRecordDelivered(row.callId, row.target);
    await this.deliveredRecords.add({ eventKey: row.eventKey, target: row.target, statusCode });
  }

  markAttemptFailed(ref: DeliveryRef, error: string, statusCode?: number): Promise<void> {
    return this.store(ref).markAttemptFailed(ref.eventKey, ref.target, error, statusCode);
  }

  /**
   * Refused for good: a record waits in the dead letters for an operator; a card's moment passes meanwhile, so it is
   * skipped with the refusal as its reason. `records` is the PostgreSQL ledger to write to (a transaction's).
   */
  markDead(ref: DeliveryRef, error: string, statusCode?: number, records = this.records): Promise<void> {
    if (ref.kind === 'live') return this.live.markRefused(ref.eventKey, ref.target, `refused: ${error}`, statusCode);
    return records.markDead(ref.eventKey, ref.target, error, statusCode);
  }

  markSkipped(ref: DeliveryRef, reason: string): Promise<void> {
    return this.store(ref).markSkipped(ref.eventKey, ref.target, reason);
  }

  /** Only a live card can go stale; a durable delivery is never dropped. */
  async dropStaleCard(start: DeliveryRef, reason: string): Promise<string[]> {
    return start.kind === 'live' ? this.live.dropStaleCard(start.eventKey, start.target, reason) : [];
  }

  async attemptsOfCall(callId: string, target: string): Promise<number> {
    const [durable, live] = await Promise.all([
      this.records.attemptsOfCall(callId, target),
      this.live.attemptsOfCall(callId, target),
    ]);
    return durable + live;
  }

  /** Every (call, target) with a pending live event, with its earliest one. */
  pendingLiveTurns(): Promise<PendingTurn[]> {
    return this.live.pendingTurns();
  }

  /** A page of the durable ledger's pending turns, in (call, target) order after `after`. */
  listPendingTurns(after: Pick<PendingTurn, 'callId' | 'target'> | null, limit: number): Promise<PendingTurn[]> {
    return this.records.listPendingTurns(after, limit);
  }

  private store(ref: { readonly kind: DeliveryKind }): DeliveryRepository | LiveDeliveryStore {
    return ref.kind === 'live' ? this.live : this.records;
  }
}
