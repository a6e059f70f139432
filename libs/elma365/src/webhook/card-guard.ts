/** One ledger row of a card (call + extension) as the guard needs it. */
export interface CardLedgerRow {
  readonly seq: number;
  /** NotifyStart, NotifyAnswer or NotifyEnd */
  readonly event: string;
  /** pending, delivered, skipped or dead */
  readonly status: string;
}

export type CardVerdict = { readonly send: true } | { readonly send: false; readonly reason: string };

const SEND: CardVerdict = { send: true };
const skip = (reason: string): CardVerdict => ({ send: false, reason });

/**
 * The card rule at the last moment before a request, whatever order the rows reached the ledger in: the tracker
 * emits a card's events in order, but a queue job held up by a crash (a Redis restart, a worker killed) can reach the
 * worker after its call's later events. A card is the rows from one NotifyStart of the extension up to the next:
 * NotifyStart goes only while nothing later of its card was settled and the call's record is not out; NotifyAnswer
 * only on a card opened and not closed, before the record; NotifyEnd only on a card opened and not yet closed —
 * even after the record, or the card would stay open in ELMA365.
 */
export function cardVerdict(rows: readonly CardLedgerRow[], seq: number, recordDelivered: boolean): CardVerdict {
  const self = rows.find((r) => r.seq === seq);
  if (!self) return skip('card: not in the ledger');
  const card = rowsOfCard(rows, seq);
  const start = card.find((r) => r.event === 'NotifyStart');
  const closedBy = card.find((r) => r.event === 'NotifyEnd' && r.seq !== seq && r.status === 'delivered');
  switch (self.event) {
    case 'NotifyStart':
      if (recordDelivered) return skip('stale: the call record was delivered');
      if (card.some((r) => r.seq > seq && r.status !== 'pending')) return skip('card: its later events were settled');
      return SEND;
    case 'NotifyAnswer':
      if (recordDelivered) return skip('stale: the call record was delivered');
      if (start?.status !== 'delivered') return skip('card: never opened');
      if (closedBy) return skip('card: already closed');
      return SEND;
    case 'NotifyEnd':
      if (start?.status !== 'delivered') return skip('card: never opened');
      if (closedBy) return skip('card: already closed');
      return SEND;
    default:
      return recordDelivered ? skip('stale: the call record was delivered') : SEND;
  }
}

/** The rows of the card `seq` belongs to: from the latest NotifyStart at or before it to the next NotifyStart. */
function rowsOfCard(rows: readonly CardLedgerRow[], seq: number): CardLedgerRow[] {
  const sorted = [...rows].sort((a, b) => a.seq - b.seq);
  const starts = sorted.filter((r) => r.event === 'NotifyStart').map((r) => r.seq);
  const from = starts.filter((s) => s <= seq).pop() ?? Number.NEGATIVE_INFINITY;
  const to = starts.find((s) => s > seq) ?? Number.POSITIVE_INFINITY;
  return sorted.filter((r) => r.seq >= from && r.seq < to);
}
