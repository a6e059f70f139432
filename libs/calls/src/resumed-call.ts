import { adoptAnsweredCard, adoptRingingCard } from './call-cards';
import { callParties } from './call-parties';
import { CHANNEL_STATE_RINGING, TrackerContext } from './tracker-context';
import type { CallState, ChannelState } from './tracker-state';

/**
 * A call met first in a channel list may have been tracked by an ingest that died mid-call, which queued its first
 * events as `callId#1`, `#2`…: a queue keeps those ids and would take new events numbered the same for repeats. So
 * the resumed call numbers on from a thousand per second of its channels' age, more than any call emits meanwhile,
 * and higher at every later restart; capped well below the delivery ledger's 4-byte integer (24 days of call).
 */
const SEQ_PER_SECOND_OF_AGE = 1000;
const MAX_RESUMED_SEQ = 2 ** 30;

/** A listed channel of a resumed call: its events number past the old ones, and it may be the call's oldest. */
export function resumeCall(ctx: TrackerContext, call: CallState, channel: ChannelState): void {
  const ageSeconds = Math.max(0, Math.floor((ctx.at - channel.createdAt) / 1000));
  call.eventSeq = Math.max(call.eventSeq, Math.min(MAX_RESUMED_SEQ, (ageSeconds + 1) * SEQ_PER_SECOND_OF_AGE));
  call.startedAt = Math.min(call.startedAt, channel.createdAt);
}

/**
 * A call whose caller is bridged with another real channel that is up was answered before we listened (the list
 * names channels in any order, so each item checks its bridge). Nothing is emitted: the live card was opened and
 * answered by whoever listened then, so it is taken as open and answered (the end closes it), and the record says
 * answered. The answer time is when that channel appeared, the
 * closest the list tells.
 */
export function resumeAnswer(ctx: TrackerContext, call: CallState, channel: ChannelState): void {
  if (call.answeredAt !== undefined || !channel.bridgeId) return;
  const { origin, caller } = ctx.callerOf(call);
  const members = ctx.graph.bridgeMembers(channel.bridgeId);
  if (!members.some((m) => m === origin || m === caller)) return;
  const answering = members
    .map((m) => ctx.graph.real(m) ?? m)
    .find((m) => m !== origin && m !== caller && m.kind !== 'local' && m.upAt !== undefined);
  if (!answering || answering.upAt === undefined) return;
  call.answeredAt = answering.upAt;
  call.answeredChannel = answering.uniqueid;
  if (answering.kind === 'extension') return adoptAnsweredCard(call, answering.parsed.resource, 'callee', answering);
  const { callerExtension } = callParties(call, ctx.graph, ctx.classifier);
  if (callerExtension !== null && caller) adoptAnsweredCard(call, callerExtension, 'caller', caller);
}

/**
 * A phone listed as ringing in a resumed call rang while an earlier ingest listened, which opened its card then: it
 * is taken as open (its answer or its end closes it) rather than opened a second time. Should that ingest have died
 * before sending the NotifyStart, ELMA365 gets an answer or end for a card it never showed, which it cannot display;
 * a second NotifyStart would pop the card up again.
 */
export function resumeRinging(call: CallState, channel: ChannelState, state: string | undefined): void {
  if (channel.kind !== 'extension' || state !== CHANNEL_STATE_RINGING) return;
  adoptRingingCard(call, channel.parsed.resource, channel);
}
