import { LiveDeliveryStore } from '@app/deliveries';
import type { Elma365Stub } from '@app/testing';
import { checkCardRule } from './card-rule';
import { acceptedCardEvents, queryAt } from './fault-harness';

/** One delivery as the tests look at it, whichever store holds it. */
export interface LedgerRow {
  readonly eventKey: string;
  readonly callId: string;
  readonly target: string;
  readonly kind: 'live' | 'record';
  readonly seq: number;
  readonly status: string;
  readonly lastError: string | null;
  readonly card: string | null;
  /** NotifyStart, NotifyAnswer, NotifyEnd; null for a record */
  readonly event: string | null;
}

/**
 * The whole delivery ledger: call records and generic-mode deliveries from PostgreSQL, live card events from Redis
 * (LiveDeliveryStore), as one list.
 */
export async function ledgerRows(databaseUrl: string, redisUrl: string): Promise<LedgerRow[]> {
  const durable = await queryAt<{
    event_key: string;
    call_id: string;
    target: string;
    kind: 'live' | 'record';
    seq: number;
    status: string;
    last_error: string | null;
    card: string | null;
    event: string | null;
  }>(
    databaseUrl,
    `SELECT event_key, call_id, target, kind, seq, status, last_error, card, payload->'event'->>'event' AS event
       FROM deliveries`,
  );
  const store = LiveDeliveryStore.connect(redisUrl);
  try {
    const live = await store.scanRows();
    return [
      ...durable.map((r) => ({
        eventKey: r.event_key,
        callId: r.call_id,
        target: r.target,
        kind: r.kind,
        seq: r.seq,
        status: r.status,
        lastError: r.last_error,
        card: r.card,
        event: r.event,
      })),
      ...live.map((r) => ({ ...r, kind: 'live' as const })),
    ];
  } finally {
    await store.onApplicationShutdown();
  }
}

/** How many rows of the ledger satisfy `where`. */
export async function countLedger(
  databaseUrl: string,
  redisUrl: string,
  where: (row: LedgerRow) => boolean = () => true,
): Promise<number> {
  return (await ledgerRows(databaseUrl, redisUrl)).filter(where).length;
}

/**
 * The card rule over what ELMA365 accepted, knowing the fault: a NotifyAnswer held up by it that reached the ledger
 * after its card's NotifyEnd went out was skipped (a closed card takes no answer: `card: already closed`, or, when the
 * call's record had gone too, `stale: the call record was delivered`), so that card closed `Answered` without one —
 * the disposition it really had. Every other breach stays.
 */
export async function cardRuleBreachesAfterFault(
  stub: Elma365Stub,
  databaseUrl: string,
  redisUrl: string,
): Promise<string[]> {
  const late = (await ledgerRows(databaseUrl, redisUrl)).filter(
    (r) =>
      r.status === 'skipped' &&
      r.event === 'NotifyAnswer' &&
      ['card: already closed', 'stale: the call record was delivered'].includes(r.lastError ?? ''),
  );
  const unanswered = new Set(late.map((r) => `${r.callId} ${r.card}: the card was not answered`));
  return checkCardRule(acceptedCardEvents(stub)).breaches.filter(
    (breach) => !(breach.includes(' NotifyEnd Answered for ') && unanswered.has(breach.split(' for ')[1])),
  );
}

/**
 * Every delivery skipped, with its kind and reason (`live: stale: …`): live cards the worker left unsent by design —
 * given up in an outage, or held back by the card rule because a queue job held up by the fault (fetched from Redis
 * just before it died, or by a killed worker) reached the ledger after its call's record, or its card never opened.
 */
export async function cardsSkippedByRule(databaseUrl: string, redisUrl: string): Promise<Map<string, string>> {
  const rows = (await ledgerRows(databaseUrl, redisUrl)).filter((r) => r.status === 'skipped');
  return new Map(rows.map((r) => [r.eventKey, `${r.kind}: ${r.lastError ?? ''}`]));
}
