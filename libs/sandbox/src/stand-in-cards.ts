import { textAt } from './payload-fields';
import { ReceivedWebhook } from './received-webhooks';

/** One card as ELMA365 would show it: (call, extension), from its NotifyStart to its NotifyEnd. */
export interface StandInCard {
  callId: string;
  /** the payload's `card`: the extension whose card it is */
  extension: string;
  direction: string;
  /** the client's number (in: srcPhone; out: dstPhone; internal: the caller) */
  client: string;
  startedAt: string;
  answeredAt: string;
  endedAt: string;
  /** the NotifyEnd's disposition; '' while the card is open */
  disposition: string;
  /** what broke the card rule (docs/webhook-payload.md) on this card, '' when nothing */
  breach: string;
}

/**
 * The card events received, grouped as ELMA365 groups them: a card is (call, extension); a NotifyStart after the
 * card closed opens a new card. Oldest first, as received.
 */
export function standInCards(received: readonly ReceivedWebhook[]): StandInCard[] {
  const cards: StandInCard[] = [];
  const open = new Map<string, StandInCard>();
  for (const w of received) {
    if (textAt(w.payload, 'kind') !== 'event') continue;
    const callId = textAt(w.payload, 'callId');
    const extension = textAt(w.payload, 'card');
    const name = textAt(w.payload, 'event', 'event');
    const at = textAt(w.payload, 'event', 'at') || w.receivedAt;
    const key = `${callId} ${extension}`;
    let card = open.get(key);
    if (name === 'NotifyStart' || !card) {
      if (card) card.breach = appendBreach(card.breach, 'a second NotifyStart while open');
      card = newCard(w, callId, extension);
      if (name !== 'NotifyStart') card.breach = `${name} for a card not opened here`;
      cards.push(card);
      open.set(key, card);
    }
    if (name === 'NotifyStart') card.startedAt = at;
    if (name === 'NotifyAnswer') {
      if (card.answeredAt !== '') card.breach = appendBreach(card.breach, 'a second NotifyAnswer');
      card.answeredAt = at;
    }
    if (name === 'NotifyEnd') {
      card.endedAt = at;
      card.disposition = textAt(w.payload, 'event', 'disposition');
      if ((card.disposition === 'Answered') !== (card.answeredAt !== '')) {
        card.breach = appendBreach(card.breach, `closed ${card.disposition || 'without a disposition'}`);
      }
      open.delete(key);
    }
  }
  return cards;
}

function newCard(w: ReceivedWebhook, callId: string, extension: string): StandInCard {
  const direction = textAt(w.payload, 'event', 'direction');
  const client = textAt(w.payload, 'event', direction === 'out' ? 'dstPhone' : 'srcPhone');
  return {
    callId,
    extension,
    direction,
    client,
    startedAt: '',
    answeredAt: '',
    endedAt: '',
    disposition: '',
    breach: '',
  };
}

function appendBreach(breach: string, more: string): string {
  return breach === '' ? more : `${breach}; ${more}`;
}
