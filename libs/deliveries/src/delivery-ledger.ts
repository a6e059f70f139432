import {
  type DeliveryEntity,
  type DeliveryRepository,
  type DeliveryTurn,
  type DeliveryWithCallProgress,
  type PendingDelivery,
  type PendingTurn,
  WriteBatcher,
} from '@app/persistence';
import type { LiveDeliveryStore } from './live-delivery.store';
import { type DeliveryKind, DeliveryTarget } from './delivery-vocabulary';

/** Which row: its key, target and kind (the kind says which store holds it). */
export interface DeliveryRef {
  readonly eventKey: string;
  readonly target: DeliveryTarget;
  readonly kind: DeliveryKind;
}

/**
 * What settling a delivery told of its call's next turn: the turn itself (null: nothing is pending), or `durable`:
 * no live event is pending and only PostgreSQL's ledger can tell.
 */
export type TurnHint = DeliveryTurn | null | 'durable';

/** A delivery about to be sent, and what its call's deliveries to the target cost so far (durable ones only). */
export interface DeliveryToSend {
  readonly delivery: DeliveryEntity;
  readonly callAttempts: number;
}

/**
 * What markDelivered learned in the same round trips: the next turn (undefined: not read, ask), and the requests the
 * call's cards cost.
 */
export interface DeliveredNote {
  readonly next: TurnHint | undefined;
  readonly liveAttempts: number;
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
  private readonly deliveredRecords: WriteBatcher<{
    eventKey: string;
    target: DeliveryTarget;
    statusCode: number | null;
  }>;

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
   * A durable delivery whose turn has come (it goes whenever it comes: no verdict to wait for), read in one statement
   * once no live event of its call waits before it; null when it is not pending or not its turn.
   */
  async readDurableTurn(ref: DeliveryRef & { readonly callId: string }): Promise<DeliveryToSend | null> {
    // A recovered call's record (`<callId>#cdr`) has no seq: whatever live event its call has comes before it.
    const seq = Number(ref.eventKey.slice(ref.eventKey.lastIndexOf('#') + 1));
    const before = Number.isInteger(seq) ? seq : Number.POSITIVE_INFINITY;
    if ((await this.live.pendingBefore(ref.callId, ref.target, before)) > 0) return null;
    return this.records.readTurn(ref.eventKey, ref.target);
  }

  /** The call's earliest pending durable delivery to the target (its live events known to be done). */
  nextDurableTurn(callId: string, target: DeliveryTarget): Promise<DeliveryTurn | null> {
    return this.records.nextTurn(callId, target);
  }

  /**
   * The call's earliest pending delivery to the target: its live events first, then the durable ones — asked of
   * PostgreSQL only when the call has any there, or when `durableMayExist` says so (the sweeper, which found one).
   */
  async nextTurn(callId: string, target: DeliveryTarget, durableMayExist = false): Promise<DeliveryTurn | null> {
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

  /**
   * Settles a sent delivery and reads, in the same round trip, what comes next for its call. A record is noted in
   * Redis first: should PostgreSQL's mark fail, the record goes again (same id), harmlessly.
   */
  async markDelivered(row: DeliveryEntity, statusCode: number | null): Promise<DeliveredNote> {
    if (row.kind === 'live') {
      const { turn, durable } = await this.live.markDeliveredWithTurn(row.eventKey, row.target, statusCode);
      return { next: turn ?? (durable ? 'durable' : null), liveAttempts: 0 };
    }
    // Another target's record read nothing of its call: its next turn is asked as usual.
    let note: DeliveredNote = { next: undefined, liveAttempts: 0 };
    // Only the webhook has live cards for a late one to be judged against its call's record.
    if (row.target === DeliveryTarget.Elma365Webhook) {
      const { turn, liveAttempts } = await this.live.noteRecordDeliveredWithTurn(row.callId, row.target);
      note = { next: turn ?? 'durable', liveAttempts };
    }
    await this.deliveredRecords.add({ eventKey: row.eventKey, target: row.target, statusCode });
    return note;
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

  async attemptsOfCall(callId: string, target: DeliveryTarget): Promise<number> {
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
