/** One ELMA365 card event as sent: which call, whose card, what happened to it. */
export interface CardEvent {
  callId: string;
  /** the extension whose card it is */
  card: string;
  event: string;
  disposition?: string;
}

/** One card's life: from its NotifyStart to its NotifyEnd (open while `end` is undefined). */
export interface CardLife {
  callId: string;
  card: string;
  answered: boolean;
  end?: string;
  /** index of the NotifyStart in the stream */
  startedAt: number;
  /** index of the NotifyAnswer, when answered */
  answeredAt?: number;
  /** index of the NotifyEnd, when closed */
  endedAt?: number;
}

/**
 * The card rule (docs/webhook-payload.md): a card is (call, extension); it gets exactly one NotifyStart, then at most
 * one NotifyAnswer while open, then exactly one NotifyEnd, `Answered` iff it was answered (so never `Cancel` on an
 * answered card); nothing for a card that is not open; the same extension may get a new card after its card closed.
 * Returns every card's life and every breach, described; `events` are in the order sent.
 */
export function checkCardRule(events: readonly CardEvent[]): { lives: CardLife[]; breaches: string[] } {
  const lives: CardLife[] = [];
  const open = new Map<string, CardLife>();
  const breaches: string[] = [];
  events.forEach((e, i) => {
    const key = `${e.callId} ${e.card}`;
    const life = open.get(key);
    const what = `#${i} ${e.event}${e.disposition ? ` ${e.disposition}` : ''} for ${key}`;
    switch (e.event) {
      case 'NotifyStart': {
        if (life) breaches.push(`${what}: a second NotifyStart while the card is open`);
        const started: CardLife = { callId: e.callId, card: e.card, answered: false, startedAt: i };
        lives.push(started);
        open.set(key, started);
        return;
      }
      case 'NotifyAnswer':
        if (!life) breaches.push(`${what}: the card is not open`);
        else if (life.answered) breaches.push(`${what}: the card was answered already`);
        else Object.assign(life, { answered: true, answeredAt: i });
        return;
      case 'NotifyEnd':
        if (!life) {
          breaches.push(`${what}: the card is not open`);
          return;
        }
        if ((e.disposition === 'Answered') !== life.answered) {
          breaches.push(`${what}: the card was ${life.answered ? '' : 'not '}answered`);
        }
        Object.assign(life, { end: e.disposition ?? '', endedAt: i });
        open.delete(key);
        return;
      default:
        breaches.push(`${what}: not a card event`);
    }
  });
  for (const life of open.values()) breaches.push(`${life.callId} ${life.card}: never closed`);
  return { lives, breaches };
}
