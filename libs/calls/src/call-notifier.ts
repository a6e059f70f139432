import { RingingStopReason } from './call-event';
import { answeredByOf, buildCallRecord } from './call-record.builder';
import { callParties } from './call-parties';
import { TrackerContext } from './tracker-context';
import { CallState, ChannelState } from './tracker-state';

/** An extension's phone that was dialled starts ringing: its card opens (once). */
export function notifyRinging(ctx: TrackerContext, channel: ChannelState): void {
  if (channel.ringingNotified || channel.kind !== 'extension' || channel.dialedBy === undefined) return;
  const call = ctx.callOf(channel);
  if (!call || call.answeredAt !== undefined) return;
  channel.ringingNotified = true;
  const parties = callParties(call, ctx.graph, ctx.classifier);
  if (parties.caller === channel) return;
  ctx.emit(call, {
    type: 'call.ringing',
    callId: ctx.callId(call),
    at: ctx.atIso,
    role: 'callee',
    extension: channel.parsed.resource,
    direction: parties.direction,
    from: parties.from,
    to: parties.to,
  });
}

/** An extension dialling out gets its card when the trunk leg starts. */
export function notifyOutgoing(ctx: TrackerContext, call: CallState): void {
  if (call.callerNotified) return;
  const parties = callParties(call, ctx.graph, ctx.classifier);
  if (parties.direction !== 'out' || parties.callerExtension === null) return;
  call.callerNotified = true;
  ctx.emit(call, {
    type: 'call.ringing',
    callId: ctx.callId(call),
    at: ctx.atIso,
    role: 'caller',
    extension: parties.callerExtension,
    direction: parties.direction,
    from: parties.from,
    to: parties.to,
  });
}

/**
 * A channel answered: the call is answered unless it is the caller itself (an Originate's own leg is the
 * agent picking up) or a Local half (its real phone answers separately). A picked-up phone answers as the picker.
 */
export function considerAnswer(ctx: TrackerContext, call: CallState, answered: ChannelState): void {
  const answering = ctx.graph.channel(answered.pickedUpBy) ?? answered;
  if (call.answeredAt !== undefined || answering.kind === 'local') return;
  const { origin, caller } = ctx.callerOf(call);
  if (answering === origin || answering === caller) return;
  call.answeredAt = ctx.at;
  call.answeredChannel = answering.uniqueid;
  const parties = callParties(call, ctx.graph, ctx.classifier);
  if (answering.kind === 'extension' && !answering.ringingNotified) notifyRinging(ctx, answering);
  ctx.emit(call, {
    type: 'call.answered',
    callId: ctx.callId(call),
    at: ctx.atIso,
    extension: answeredByOf(call, ctx.graph, parties.callerExtension),
    direction: parties.direction,
    from: parties.from,
    to: parties.to,
  });
  for (const c of ctx.graph.channelsOf(call)) {
    if (c !== answering && c.ringingNotified && !c.ringingStopped) stopRinging(ctx, c, call, 'answered_elsewhere');
  }
}

export function stopReason(channel: ChannelState, call: CallState): RingingStopReason {
  if (call.answeredAt !== undefined || channel.hangupCause === 26) return 'answered_elsewhere';
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

export function stopRinging(
  ctx: TrackerContext,
  channel: ChannelState,
  call: CallState,
  reason: RingingStopReason,
): void {
  channel.ringingStopped = true;
  const { direction, from, to } = callParties(call, ctx.graph, ctx.classifier);
  ctx.emit(call, {
    type: 'call.ringing_stopped',
    callId: ctx.callId(call),
    at: ctx.atIso,
    extension: channel.parsed.resource,
    reason,
    direction,
    from,
    to,
  });
}

/** Every channel has hung up: emit the end and the record, and forget the call. */
export function finishCall(ctx: TrackerContext, call: CallState): void {
  const record = buildCallRecord(call, ctx.options.pbxId, ctx.graph, ctx.classifier);
  const at = record.endedAt;
  const { direction, from, to, disposition } = record;
  const rang = ctx.graph.channelsOf(call).filter((c) => c.ringingNotified);
  const extension = record.answeredBy ?? rang.at(-1)?.parsed.resource ?? (direction === 'in' ? null : from);
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
