import { RingingStopReason } from './call-event';
import { cardFields, closeCardsAtEnd, markAnswered, openCard, stopRinging, stopRingingElsewhere } from './call-cards';
import { answeredByOf, buildCallRecord } from './call-record.builder';
import { callParties } from './call-parties';
import { TrackerContext } from './tracker-context';
import { CallState, ChannelState } from './tracker-state';

/**
 * A dialled extension's phone starts ringing: its card opens unless one is open, also after the call was answered
 * (a transfer target). The caller's own phone (an Originate's first leg) is no card: the operator placed the call.
 */
export function notifyRinging(ctx: TrackerContext, channel: ChannelState): void {
  if (channel.ringingNotified || channel.kind !== 'extension' || channel.dialedBy === undefined) return;
  if (channel.dialStatus !== undefined || channel.hungUpAt !== undefined) return;
  const call = ctx.callOf(channel);
  if (!call || ctx.callerOf(call).caller === channel) return;
  channel.ringingNotified = true;
  openCard(ctx, call, channel.parsed.resource, 'callee', channel);
}

/** An extension dialling out gets its card when the trunk leg starts. */
export function notifyOutgoing(ctx: TrackerContext, call: CallState): void {
  if (call.callerNotified) return;
  const parties = callParties(call, ctx.graph, ctx.classifier);
  if (parties.direction !== 'out' || parties.callerExtension === null || !parties.caller) return;
  call.callerNotified = true;
  openCard(ctx, call, parties.callerExtension, 'caller', parties.caller);
}

/**
 * A channel answered: the call is answered unless it is the caller itself (an Originate's own leg is the
 * agent picking up) or a Local half (its real phone answers separately). A picked-up phone answers as the picker.
 * A phone answering a call that was answered already (a transfer target) answers its own card only.
 */
export function considerAnswer(ctx: TrackerContext, call: CallState, answered: ChannelState): void {
  const answering = ctx.graph.channel(answered.pickedUpBy) ?? answered;
  if (answering.kind === 'local') return;
  const { origin, caller } = ctx.callerOf(call);
  if (answering === origin || answering === caller) return;
  if (call.answeredAt !== undefined) {
    if (answering.kind === 'extension') answerTransfer(ctx, call, answering);
    return;
  }
  call.answeredAt = ctx.at;
  call.answeredChannel = answering.uniqueid;
  const parties = callParties(call, ctx.graph, ctx.classifier);
  const extension = answeredByOf(call, ctx.graph, parties.callerExtension);
  // A phone that answers without having rung (pickup, bridged in) gets its card now; outbound, the caller's card.
  const holder = answering.kind === 'extension' ? answering : caller;
  const card =
    extension === null || holder === undefined
      ? undefined
      : openCard(ctx, call, extension, holder === answering ? 'callee' : 'caller', holder);
  if (card) markAnswered(card, holder ?? answering);
  ctx.emit(call, {
    type: 'call.answered',
    callId: ctx.callId(call),
    at: ctx.atIso,
    extension: card ? extension : null,
    direction: parties.direction,
    from: parties.from,
    to: parties.to,
  });
  stopRingingElsewhere(ctx, call, card);
}

function answerTransfer(ctx: TrackerContext, call: CallState, answering: ChannelState): void {
  const card = openCard(ctx, call, answering.parsed.resource, 'callee', answering);
  if (card.answered) return;
  markAnswered(card, answering);
  ctx.emit(call, { type: 'call.transfer_answered', ...cardFields(ctx, call, card.extension) });
  stopRingingElsewhere(ctx, call, card);
}

export function stopReason(channel: ChannelState): RingingStopReason {
  // Only cause 26 says so here: a ring that was open when the call was answered closed at the answer.
  if (channel.hangupCause === 26) return 'answered_elsewhere';
  switch (channel.dialStatus) {
    case 'NOANSWER':
      return 'no_answer';
    case 'BUSY':
      return 'busy';
    case 'CANCEL':
    case undefined:
      return 'cancelled';
    default:
      return 'failed';
  }
}

/** `channel` no longer rings (a Dial outcome, its Hangup): its card closes unless another leg rings for it. */
export function channelStoppedRinging(ctx: TrackerContext, call: CallState, channel: ChannelState): void {
  stopRinging(ctx, call, channel, stopReason(channel));
}

/** Every channel has hung up: the last open card closes with the end, then the record, and the call is forgotten. */
export function finishCall(ctx: TrackerContext, call: CallState): void {
  const record = buildCallRecord(call, ctx.options.pbxId, ctx.graph, ctx.classifier);
  const at = record.endedAt;
  const { direction, from, to, disposition } = record;
  const extension = closeCardsAtEnd(ctx, call);
  ctx.emit(call, {
    type: 'call.ended',
    callId: record.callId,
    at,
    disposition,
    mergedInto: null,
    extension,
    direction,
    from,
    to,
  });
  ctx.emit(call, {
    type: 'call.finished',
    callId: record.callId,
    at,
    record,
    ...(call.resumed ? { resumed: true } : {}),
  });
  for (const c of ctx.graph.channelsOf(call)) {
    ctx.state.channels.delete(c.uniqueid);
    if (c.parsed.localBase) ctx.state.localPairs.delete(c.parsed.localBase);
    if (c.bridgeId) ctx.leaveBridge(c);
  }
  ctx.state.calls.delete(call.linkedid);
}
