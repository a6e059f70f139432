import type { OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import {
  type DeliveryEntity,
  type DeliveryTurn,
  type DeliveryWithCallProgress,
  type PendingDelivery,
  type PendingTurn,
} from '@app/persistence';
import { redisConnection } from '@app/queue';
import {
  ADD_ROW_AND_READ_TURN,
  DROP_STALE_CARD,
  NOTE_RECORD_AND_READ_TURN,
  READ_CALL,
  UPDATE_ROW,
  UPDATE_ROW_AND_READ_TURN,
} from './live-delivery.scripts';
import type { DeliveryStatus, DeliveryTarget } from './delivery-vocabulary';

const PREFIX = 'connector:live';
/** Every key of the live card ledger (for a test that empties Redis of it). */
export const LIVE_DELIVERY_KEYS = `${PREFIX}:*`;
const PENDING_INDEX = `${PREFIX}:pending`;
/**
 * An answered card counts as late only once its NotifyStart has waited this long in the ledger: a phone that answers
 * by itself (click-to-call's auto-answer) is answered before the worker could send anything, and its card is the
 * operator's view of the call.
 */
export const ANSWERED_CARD_GRACE_MS = 1_000;
/** A call's cards are kept this long after their last change: for the sweeper, late events, and a look afterwards. */
export const LIVE_CARD_TTL_SECONDS = 24 * 60 * 60;

/** One live row's state as Redis keeps it (the payload apart). */
export interface LiveRowState {
  eventKey: string;
  callId: string;
  target: DeliveryTarget;
  seq: number;
  card: string | null;
  /** NotifyStart, NotifyAnswer, NotifyEnd, or null for a live event that is not a card's */
  event: string | null;
  status: DeliveryStatus;
  attempts: number;
  attemptStartedAt: number | null;
  lastError: string | null;
  lastStatusCode: number | null;
  createdAt: number;
  updatedAt?: number;
  deliveredAt: number | null;
}

interface CallSnapshot {
  readonly rows: LiveRowState[];
  readonly recordDelivered: boolean;
  /** a delivery of the call to the target went to PostgreSQL's ledger (its record, or generic mode's) */
  readonly durable: boolean;
  readonly payload: object | null;
}

type RowChange = Partial<Pick<LiveRowState, 'status' | 'lastError' | 'lastStatusCode'>>;

type ScriptCall = (...keysAndArgs: (string | number)[]) => Promise<unknown>;

/** The scripts as ioredis commands: sent as EVALSHA (the script's text goes to Redis once, not with every call). */
interface LiveScripts {
  liveAddRowAndReadTurn: ScriptCall;
  liveUpdateRow: ScriptCall;
  liveDropStaleCard: ScriptCall;
  liveReadCall: ScriptCall;
  liveUpdateRowAndReadTurn: ScriptCall;
  liveNoteRecordAndReadTurn: ScriptCall;
}

/**
 * The ledger of live card events (kind `live`): in Redis, not PostgreSQL, so that nothing on a screen pop waits for
 * a disk flush. A card's moment is the ringing: it is deduplicated by its deterministic key (`<callId>#<seq>`), kept
 * in per-call order, claimed and settled atomically (Lua), and forgotten a day after its call's last change. The
 * call records stay in PostgreSQL's ledger, durable. With Redis's AOF every acknowledged change survives a restart.
 */
export class LiveDeliveryStore implements OnApplicationShutdown {
  private readonly scripts: LiveScripts;

  constructor(private readonly redis: Redis) {
    redis.defineCommand('liveAddRowAndReadTurn', { numberOfKeys: 3, lua: ADD_ROW_AND_READ_TURN });
    redis.defineCommand('liveUpdateRow', { numberOfKeys: 3, lua: UPDATE_ROW });
    redis.defineCommand('liveDropStaleCard', { numberOfKeys: 3, lua: DROP_STALE_CARD });
    redis.defineCommand('liveReadCall', { numberOfKeys: 2, lua: READ_CALL });
    redis.defineCommand('liveUpdateRowAndReadTurn', { numberOfKeys: 3, lua: UPDATE_ROW_AND_READ_TURN });
    redis.defineCommand('liveNoteRecordAndReadTurn', { numberOfKeys: 2, lua: NOTE_RECORD_AND_READ_TURN });
    this.scripts = redis as unknown as LiveScripts;
  }

  static connect(redisUrl: string): LiveDeliveryStore {
    return new LiveDeliveryStore(
      new Redis({ ...(redisConnection(redisUrl) as RedisOptions), lazyConnect: true, enableAutoPipelining: true }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status !== 'end') await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** Records the live event as pending unless it is known already (a repeat changes nothing). */
  async ensurePending(delivery: PendingDelivery): Promise<void> {
    await this.ensurePendingWithTurn(delivery);
  }

  /** ensurePending, answering with what turnOf would say next, in the same round trip. */
  async ensurePendingWithTurn(delivery: PendingDelivery): Promise<{ turn: DeliveryTurn | null; durable: boolean }> {
    const event = (delivery.payload as { event?: { event?: unknown } }).event?.event;
    const state: LiveRowState = {
      eventKey: delivery.eventKey,
      callId: delivery.callId,
      target: delivery.target,
      seq: delivery.seq,
      card: delivery.card ?? null,
      event: typeof event === 'string' ? event : null,
      status: 'pending',
      attempts: 0,
      attemptStartedAt: null,
      lastError: null,
      lastStatusCode: null,
      createdAt: 0,
      deliveredAt: null,
    };
    const { callId, target } = delivery;
    const answer = await this.scripts.liveAddRowAndReadTurn(
      ...this.keys(callId, target),
      delivery.seq,
      JSON.stringify(state),
      JSON.stringify(delivery.payload),
      member(callId, target),
      LIVE_CARD_TTL_SECONDS,
    );
    return turnIn(snapshotOf(answer as ReadAnswer));
  }

  async find(eventKey: string, target: DeliveryTarget): Promise<DeliveryEntity | null> {
    const { callId, seq } = parseEventKey(eventKey);
    const call = await this.read(callId, target, seq);
    const state = call.rows.find((r) => r.seq === seq);
    return state ? entityOf(state, call.payload) : null;
  }

  /** The live event with what decides whether it may go now, as the PostgreSQL ledger answers it for records. */
  async findWithCallProgress(eventKey: string, target: DeliveryTarget): Promise<DeliveryWithCallProgress | null> {
    const { callId, seq } = parseEventKey(eventKey);
    const call = await this.read(callId, target, seq);
    const self = call.rows.find((r) => r.seq === seq);
    if (!self) return null;
    const card = self.card === null ? [] : call.rows.filter((r) => r.card === self.card);
    return {
      delivery: entityOf(self, call.payload),
      recordDelivered: call.recordDelivered,
      earlierPending: call.rows.filter((r) => r.seq < seq && r.status === 'pending').length,
      ringingOver: ringingOver(self, call.rows, Date.now()),
      cardRows: card.sort((a, b) => a.seq - b.seq).map((r) => ({ seq: r.seq, event: r.event ?? '', status: r.status })),
    };
  }

  /** The call's earliest pending live event to the target; null when none is pending. */
  async nextTurn(callId: string, target: DeliveryTarget): Promise<DeliveryTurn | null> {
    return (await this.turnOf(callId, target)).turn;
  }

  /** The earliest pending live event, and whether the call has any delivery in PostgreSQL's ledger, in one read. */
  async turnOf(callId: string, target: DeliveryTarget): Promise<{ turn: DeliveryTurn | null; durable: boolean }> {
    return turnIn(await this.read(callId, target, 'first-pending'));
  }

  /**
   * The call has a delivery to the target in PostgreSQL's ledger: its turn comes after the live events, and asking
   * PostgreSQL for it is worth a round trip. Without this note, a call whose cards are done has nothing to ask for.
   */
  async noteDurable(callId: string, target: DeliveryTarget): Promise<void> {
    const [meta] = this.keys(callId, target);
    await this.redis.multi().hset(meta, 'durable', '1').expire(meta, LIVE_CARD_TTL_SECONDS).exec();
  }

  /** How many live events of the call to the target before `seq` are still pending (a record waits for them). */
  async pendingBefore(callId: string, target: DeliveryTarget, seq: number): Promise<number> {
    const { rows } = await this.read(callId, target);
    return rows.filter((r) => r.seq < seq && r.status === 'pending').length;
  }

  async isPending(eventKey: string, target: DeliveryTarget): Promise<boolean> {
    return (await this.find(eventKey, target))?.status === 'pending';
  }

  /** A send is about to begin: from now on the card is committed. False when it is no longer pending. */
  claimAttempt(eventKey: string, target: DeliveryTarget): Promise<boolean> {
    return this.update(eventKey, target, ['pending'], {}, { attemptStarted: true });
  }

  async markDelivered(eventKey: string, target: DeliveryTarget, statusCode: number | null): Promise<void> {
    await this.markDeliveredWithTurn(eventKey, target, statusCode);
  }

  /** markDelivered, answering with what turnOf would say next, in the same round trip. */
  async markDeliveredWithTurn(
    eventKey: string,
    target: DeliveryTarget,
    statusCode: number | null,
  ): Promise<{ turn: DeliveryTurn | null; durable: boolean }> {
    const { callId, seq } = parseEventKey(eventKey);
    const [, all, payload] = (await this.scripts.liveUpdateRowAndReadTurn(
      ...this.keys(callId, target),
      ...updateArgs(
        seq,
        ['pending', 'dead', 'skipped'],
        { status: 'delivered', lastStatusCode: statusCode },
        {
          attempt: true,
          delivered: true,
        },
      ),
      member(callId, target),
      LIVE_CARD_TTL_SECONDS,
    )) as [number, string[], string | null];
    return turnIn(snapshotOf([all, payload]));
  }

  async markAttemptFailed(eventKey: string, target: DeliveryTarget, error: string, statusCode?: number): Promise<void> {
    await this.update(
      eventKey,
      target,
      ['pending'],
      { lastError: error, lastStatusCode: statusCode ?? null },
      { attempt: true },
    );
  }

  /** The last failed attempt of a card (refused for good): skipped, with the failure as the reason. */
  async markRefused(eventKey: string, target: DeliveryTarget, error: string, statusCode?: number): Promise<void> {
    await this.update(
      eventKey,
      target,
      ['pending'],
      { status: 'skipped', lastError: error, lastStatusCode: statusCode ?? null },
      { attempt: true },
    );
  }

  async markSkipped(eventKey: string, target: DeliveryTarget, reason: string): Promise<void> {
    await this.update(eventKey, target, ['pending'], { status: 'skipped', lastError: reason });
  }

  /** Drops the card `startEventKey` opens, whole, when its phone stopped ringing and no send began; its keys. */
  async dropStaleCard(startEventKey: string, target: DeliveryTarget, reason: string): Promise<string[]> {
    const { callId, seq } = parseEventKey(startEventKey);
    return (await this.scripts.liveDropStaleCard(
      ...this.keys(callId, target),
      seq,
      reason,
      ANSWERED_CARD_GRACE_MS,
      member(callId, target),
      LIVE_CARD_TTL_SECONDS,
    )) as string[];
  }

  /** The call's record reached the target: a live event of it that comes now is stale. */
  async noteRecordDelivered(callId: string, target: DeliveryTarget): Promise<void> {
    await this.noteRecordDeliveredWithTurn(callId, target);
  }

  /**
   * noteRecordDelivered, answering in the same round trip with the call's earliest pending live event and what its
   * live events cost in requests (every attempt).
   */
  async noteRecordDeliveredWithTurn(
    callId: string,
    target: DeliveryTarget,
  ): Promise<{ turn: DeliveryTurn | null; liveAttempts: number }> {
    const answer = await this.scripts.liveNoteRecordAndReadTurn(
      ...this.keys(callId, target).slice(0, 2),
      LIVE_CARD_TTL_SECONDS,
    );
    const snapshot = snapshotOf(answer as ReadAnswer);
    return { turn: turnIn(snapshot).turn, liveAttempts: snapshot.rows.reduce((sum, r) => sum + r.attempts, 0) };
  }

  /** Requests the call's live events to the target cost (every attempt). */
  async attemptsOfCall(callId: string, target: DeliveryTarget): Promise<number> {
    const { rows } = await this.read(callId, target);
    return rows.reduce((sum, r) => sum + r.attempts, 0);
  }

  /** Every (call, target) with a pending live event, with its earliest one: what the sweeper checks for a job. */
  async pendingTurns(): Promise<PendingTurn[]> {
    const members = await this.redis.smembers(PENDING_INDEX);
    const turns = await Promise.all(
      members.map(async (m) => {
        const [callId, target] = m.split('\n') as [string, DeliveryTarget];
        const turn = await this.nextTurn(callId, target);
        if (!turn) await this.redis.srem(PENDING_INDEX, m);
        return turn && { eventKey: turn.delivery.eventKey, callId, target, kind: turn.delivery.kind };
      }),
    );
    return turns.filter((t): t is PendingTurn => t !== null);
  }

  /** Every live row of one call to one target, oldest first (for a look at what happened to its cards). */
  async rowsOfCall(callId: string, target: DeliveryTarget): Promise<DeliveryEntity[]> {
    const { rows } = await this.read(callId, target);
    return rows.sort((a, b) => a.seq - b.seq).map((r) => entityOf(r, null));
  }

  /** Every live row Redis still has, of every call (a scan: for a look at what happened, not for the hot path). */
  async scanRows(): Promise<LiveRowState[]> {
    const rows: LiveRowState[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${PREFIX}:{*}:m`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const all = await this.redis.hgetall(key);
        for (const [field, value] of Object.entries(all)) {
          if (field.startsWith('s:')) rows.push(JSON.parse(value) as LiveRowState);
        }
      }
    } while (cursor !== '0');
    return rows;
  }

  private async update(
    eventKey: string,
    target: DeliveryTarget,
    from: readonly DeliveryStatus[],
    changes: RowChange,
    flags: UpdateFlags = {},
  ): Promise<boolean> {
    const { callId, seq } = parseEventKey(eventKey);
    const changed = await this.scripts.liveUpdateRow(
      ...this.keys(callId, target),
      ...updateArgs(seq, from, changes, flags),
      member(callId, target),
      LIVE_CARD_TTL_SECONDS,
    );
    return changed === 1;
  }

  /** One round trip: the call's row states, and the payload of row `seq` (or of the earliest pending one). */
  private async read(callId: string, target: DeliveryTarget, seq?: number | 'first-pending'): Promise<CallSnapshot> {
    const answer = await this.scripts.liveReadCall(
      ...this.keys(callId, target).slice(0, 2),
      seq === undefined ? '' : String(seq),
    );
    return snapshotOf(answer as ReadAnswer);
  }

  /** The call's two hashes (in one hash slot) and the pending index. */
  private keys(callId: string, target: DeliveryTarget): [string, string, string] {
    const tag = `{${callId}|${target}}`;
    return [`${PREFIX}:${tag}:m`, `${PREFIX}:${tag}:p`, PENDING_INDEX];
  }
}

/** What READ_CALL (and ADD_ROW_AND_READ_TURN) answer: the state hash as field/value pairs, and one payload or nil. */
type ReadAnswer = [string[], string | null];

function snapshotOf([all, payload]: ReadAnswer): CallSnapshot {
  const rows: LiveRowState[] = [];
  let recordDelivered = false;
  let durable = false;
  for (let i = 0; i < all.length; i += 2) {
    if (all[i] === 'record') recordDelivered = true;
    else if (all[i] === 'durable') durable = true;
    else if (all[i].startsWith('s:')) rows.push(JSON.parse(all[i + 1]) as LiveRowState);
  }
  return { rows, recordDelivered, durable, payload: payload ? (JSON.parse(payload) as object) : null };
}

/** The earliest pending row of a snapshot read with 'first-pending' (its payload is the snapshot's). */
function turnIn({ rows, payload, durable }: CallSnapshot): { turn: DeliveryTurn | null; durable: boolean } {
  const first = rows.filter((r) => r.status === 'pending').sort((a, b) => a.seq - b.seq)[0];
  const turn = first ? { delivery: entityOf(first, payload), ringingOver: ringingOver(first, rows, Date.now()) } : null;
  return { turn, durable };
}

interface UpdateFlags {
  readonly attempt?: boolean;
  readonly delivered?: boolean;
  readonly attemptStarted?: boolean;
}

/** UPDATE_ROW's ARGV up to the index member: seq, allowed statuses, changes, and its three flags. */
function updateArgs(seq: number, from: readonly DeliveryStatus[], changes: RowChange, flags: UpdateFlags): string[] {
  const flag = (on: boolean | undefined) => (on ? '1' : '0');
  return [
    String(seq),
    from.join(','),
    JSON.stringify(changes),
    flag(flags.attempt),
    flag(flags.delivered),
    flag(flags.attemptStarted),
  ];
}

function member(callId: string, target: DeliveryTarget): string {
  return `${callId}\n${target}`;
}

/** `<callId>#<seq>`: the call id may contain `#` itself, the seq never does. */
export function parseEventKey(eventKey: string): { callId: string; seq: number } {
  const at = eventKey.lastIndexOf('#');
  const seq = Number(eventKey.slice(at + 1));
  if (at <= 0 || !Number.isInteger(seq)) throw new Error(`not a live event key: ${eventKey}`);
  return { callId: eventKey.slice(0, at), seq };
}

/**
 * A NotifyStart whose phone stopped ringing: a later row of its card is a NotifyEnd, or a NotifyAnswer once the
 * NotifyStart has waited ANSWERED_CARD_GRACE_MS (the same rule as the PostgreSQL ledger's, and DROP_STALE_CARD's).
 */
function ringingOver(row: LiveRowState, rows: readonly LiveRowState[], nowMs: number): boolean {
  if (row.card === null || row.event !== 'NotifyStart') return false;
  return rows.some(
    (r) =>
      r.card === row.card &&
      r.seq > row.seq &&
      (r.event === 'NotifyEnd' || (r.event === 'NotifyAnswer' && row.createdAt < nowMs - ANSWERED_CARD_GRACE_MS)),
  );
}

/** The row in the shape the delivery code knows from the PostgreSQL ledger. */
function entityOf(state: LiveRowState, payload: object | null): DeliveryEntity {
  const date = (ms: number | null | undefined): Date | null => (ms === null || ms === undefined ? null : new Date(ms));
  return {
    id: state.eventKey,
    callId: state.callId,
    target: state.target,
    kind: 'live',
    eventKey: state.eventKey,
    seq: state.seq,
    payload: payload ?? {},
    card: state.card,
    attemptStartedAt: date(state.attemptStartedAt),
    status: state.status,
    attempts: state.attempts,
    lastError: state.lastError,
    lastStatusCode: state.lastStatusCode,
    deliveredAt: date(state.deliveredAt),
    createdAt: new Date(state.createdAt),
    updatedAt: new Date(state.updatedAt ?? state.createdAt),
  };
}
