import type { RingingStopReason } from './call-event';
import { type CallParties, callParties } from './call-parties';
import type { TrackerContext } from './tracker-context';
import type { CallCard, CallState, ChannelState } from './tracker-state';

/*
 * The card stream's one rule, kept here: a card is (call, extension); it opens once (`call.ringing`), is answered at
 * most once while open, and closes once (`call.ringing_stopped`, `call.left` or `call.ended`). docs/call-tracker.md.
 */

type Parties = Pick<CallParties, 'direction' | 'from' | 'to'>;

/**
 * Opens a card for `extension` unless one is open, which `channel` then rings for (callee) or holds (caller).
 * A card whose operator already hung up closes first: the call goes on with the one opening now.
 */
export function openCard(
  ctx: TrackerContext,
  call: CallState,
  extension: string,
  role: CallCard['role'],
  channel: ChannelState,
): CallCard {
  const open = call.cards.get(extension);
  if (open) {
    if (!open.answered && role === 'callee' && !open.ringing.includes(channel.uniqueid)) {
      open.ringing.push(channel.uniqueid);
    }
    return open;
  }
  closeDepartedCards(ctx, call);
  const card: CallCard =
    role === 'callee'
      ? { extension, role, ringing: [channel.uniqueid], answered: false }
      : { extension, role, ringing: [], holder: channel.uniqueid, answered: false };
  call.cards.set(extension, card);
  ctx.emit(call, { type: 'call.ringing', ...cardFields(ctx, call, extension), role });
  return card;
}

/** The card is answered by `holder` (whose hang-up will close it); the caller emits the answer event. */
export function markAnswered(card: CallCard, holder: ChannelState): void {
  card.answered = true;
  card.holder = holder.uniqueid;
  card.ringing = [];
}

/** A call met mid-call was answered before we listened: its card was opened and answered by whoever listened then. */
export function adoptAnsweredCard(
  call: CallState,
  extension: string,
  role: CallCard['role'],
  holder: ChannelState,
): void {
  const card = call.cards.get(extension) ?? { extension, role, ringing: [], answered: false };
  markAnswered(card, holder);
  call.cards.set(extension, card);
}

/** A call met mid-call has a phone ringing: its card was opened by whoever listened when it started to ring. */
export function adoptRingingCard(call: CallState, extension: string, channel: ChannelState): void {
  const card = call.cards.get(extension) ?? { extension, role: 'callee', ringing: [], answered: false };
  if (!card.answered && !card.ringing.includes(channel.uniqueid)) card.ringing.push(channel.uniqueid);
  call.cards.set(extension, card);
}

/** `channel` stopped ringing; its card closes when no other channel of the extension still rings for it. */
export function stopRinging(
  ctx: TrackerContext,
  call: CallState,
  channel: ChannelState,
  reason: RingingStopReason,
): void {
  const card = [...call.cards.values()].find((c) => c.ringing.includes(channel.uniqueid));
  if (!card) return;
  card.ringing = card.ringing.filter((id) => id !== channel.uniqueid);
  if (!card.answered && card.ringing.length === 0) closeUnanswered(ctx, call, card, reason);
}

/** Someone took the call: every other card still ringing closes. */
export function stopRingingElsewhere(ctx: TrackerContext, call: CallState, answered: CallCard | undefined): void {
  for (const card of [...call.cards.values()]) {
    if (card !== answered && !card.answered && card.role === 'callee') {
      closeUnanswered(ctx, call, card, 'answered_elsewhere');
    }
  }
}

/**
 * `channel` hung up and the call is not over: the answered card it held closes if the call goes on with someone else
 * (another card is open, or this operator transferred it). Otherwise the card stays until the call ends, which is
 * then a moment away (a two-party call whose operator hung up first).
 */
export function holderHungUp(ctx: TrackerContext, call: CallState, channel: ChannelState): void {
  const card = [...call.cards.values()].find((c) => c.answered && c.holder === channel.uniqueid);
  if (!card) return;
  const others = call.cards.size > 1;
  const transferred = call.transfers.some((t) => t.from === card.extension);
  if (others || transferred) leave(ctx, call, card);
}

/**
 * The call ends: every open card but one closes now, and the one left (the last answered one, else the last opened)
 * is the extension `call.ended` closes; null when no card is open.
 */
export function closeCardsAtEnd(ctx: TrackerContext, call: CallState): string | null {
  const cards = [...call.cards.values()];
  const last = cards.findLast((c) => c.answered) ?? cards.at(-1);
  for (const card of cards) {
    if (card === last) continue;
    if (card.answered) leave(ctx, call, card);
    else closeUnanswered(ctx, call, card, 'cancelled');
  }
  call.cards.clear();
  return last?.extension ?? null;
}

/**
 * `from` becomes part of another call: its cards close in its own stream (ELMA365 knows a card by its callId) and
 * are returned for `reopenCards` once the channels moved.
 */
export function closeCardsForMerge(ctx: TrackerContext, from: CallState, parties: Parties): CallCard[] {
  const cards = [...from.cards.values()];
  for (const card of cards) {
    from.cards.delete(card.extension);
    if (card.answered) ctx.emit(from, { type: 'call.left', ...cardFields(ctx, from, card.extension, parties) });
    else emitStopped(ctx, from, card.extension, 'cancelled', parties);
  }
  return cards;
}

/** The phones of a merged call's cards that are still on the line get their cards in the call they joined. */
export function reopenCards(ctx: TrackerContext, into: CallState, cards: readonly CallCard[]): void {
  for (const card of cards) {
    const holder = ctx.graph.channel(card.holder);
    if (card.answered || card.role === 'caller') {
      if (!holder || holder.hungUpAt !== undefined) continue;
      const reopened = openCard(ctx, into, card.extension, card.role, holder);
      if (card.answered && into.answeredAt !== undefined && !reopened.answered) {
        markAnswered(reopened, holder);
        ctx.emit(into, { type: 'call.transfer_answered', ...cardFields(ctx, into, card.extension) });
      }
      continue;
    }
    for (const id of card.ringing) {
      const channel = ctx.graph.channel(id);
      if (channel && channel.hungUpAt === undefined) openCard(ctx, into, card.extension, 'callee', channel);
    }
  }
}

export function cardFields(
  ctx: TrackerContext,
  call: CallState,
  extension: string,
  parties: Parties = callParties(call, ctx.graph, ctx.classifier),
): { callId: string; at: string; extension: string } & Parties {
  const { direction, from, to } = parties;
  return { callId: ctx.callId(call), at: ctx.atIso, extension, direction, from, to };
}

/** Answered cards whose operator hung up while the call went on close when another card opens. */
function closeDepartedCards(ctx: TrackerContext, call: CallState): void {
  for (const card of [...call.cards.values()]) {
    if (card.answered && ctx.graph.channel(card.holder)?.hungUpAt !== undefined) leave(ctx, call, card);
  }
}

function leave(ctx: TrackerContext, call: CallState, card: CallCard): void {
  call.cards.delete(card.extension);
  ctx.emit(call, { type: 'call.left', ...cardFields(ctx, call, card.extension) });
}

function closeUnanswered(ctx: TrackerContext, call: CallState, card: CallCard, reason: RingingStopReason): void {
  call.cards.delete(card.extension);
  emitStopped(ctx, call, card.extension, reason);
}

function emitStopped(
  ctx: TrackerContext,
  call: CallState,
  extension: string,
  reason: RingingStopReason,
  parties?: Parties,
): void {
  ctx.emit(call, { type: 'call.ringing_stopped', ...cardFields(ctx, call, extension, parties), reason });
}
