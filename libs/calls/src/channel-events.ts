import { durationMs, intOrUndefined } from './ami-fields';
import { holderHungUp } from './call-cards';
import { channelStoppedRinging, finishCall, notifyRinging } from './call-notifier';
import { resumeAnswer, resumeCall, resumeRinging } from './resumed-call';
import { CHANNEL_STATE_RINGING, CHANNEL_STATE_UP, TrackerContext } from './tracker-context';
import type { ChannelState } from './tracker-state';

export function onNewchannel(ctx: TrackerContext): void {
  ctx.channel('', true);
}

/**
 * A CoreShowChannel list item (after a login): a channel that was up before we listened joins its call. A call met
 * first here is resumed: an earlier ingest may have tracked its beginning (see resumed-call.ts).
 */
export function onListedChannel(ctx: TrackerContext): void {
  const uniqueid = ctx.get('Uniqueid');
  const linkedid = ctx.get('Linkedid');
  const name = ctx.get('Channel');
  if (!uniqueid || !linkedid || !name || ctx.state.channels.has(uniqueid)) return;
  const resumed = !ctx.state.calls.has(linkedid);
  const channel = ctx.addChannel({
    uniqueid,
    linkedid,
    name,
    callerNum: ctx.get('CallerIDNum') ?? '',
    exten: ctx.get('Exten') ?? '',
    createdAt: ctx.at - durationMs(ctx.get('Duration')),
    state: ctx.get('ChannelState'),
  });
  const bridgeId = ctx.get('BridgeId');
  if (bridgeId) ctx.joinBridge(channel, bridgeId);
  const call = ctx.callOf(channel);
  if (!call) return;
  if (resumed) call.resumed = true;
  if (call.resumed) {
    resumeCall(ctx, call, channel);
    resumeRinging(call, channel, ctx.get('ChannelState'));
  }
  resumeAnswer(ctx, call, channel);
}

/** Any other event about a channel still tells its current Linkedid. */
export function onChannelEvent(ctx: TrackerContext): void {
  if (ctx.event.has('Uniqueid') && ctx.event.has('Linkedid')) ctx.channel('');
}

export function onNewstate(ctx: TrackerContext): void {
  const channel = ctx.channel('');
  if (!channel) return;
  const state = ctx.get('ChannelState');
  if (state === CHANNEL_STATE_UP) channel.upAt ??= ctx.at;
  if (state === CHANNEL_STATE_RINGING) notifyRinging(ctx, channel);
}

export function onNewCallerid(ctx: TrackerContext): void {
  const channel = ctx.channel('');
  const num = ctx.get('CallerIDNum');
  // Local halves are born with <unknown>; the first real number is who they stand for.
  if (channel && num && (channel.callerNum === '' || channel.callerNum === '<unknown>')) channel.callerNum = num;
}

/** Only variables Asterisk itself sets: MixMonitor's file and Dial()'s outcome (which also covers offline phones). */
export function onVarSet(ctx: TrackerContext): void {
  const variable = ctx.get('Variable');
  if (variable !== 'MIXMONITOR_FILENAME' && variable !== 'DIALSTATUS') return;
  const call = ctx.callOf(ctx.channel(''));
  const value = ctx.get('Value') ?? '';
  if (!call || value === '') return;
  if (variable === 'MIXMONITOR_FILENAME') call.recording ??= value;
  else call.dialStatuses.push(value);
}

/** The caller's side hung up before anyone answered, while a phone rang or it waited in a queue: abandoned. */
export function onHangupRequest(ctx: TrackerContext): void {
  const channel = ctx.channel('');
  if (!channel) return;
  channel.hangupRequestedAt ??= ctx.at;
  const call = ctx.callOf(channel);
  if (!call || call.answeredAt !== undefined || call.abandonedAt !== undefined) return;
  const { origin, caller } = ctx.callerOf(call);
  if (channel !== origin && channel !== caller) return;
  if (call.inQueue || ctx.graph.hasRingingLeg(call, caller)) call.abandonedAt = ctx.at;
}

/** A call ends when its LAST channel hangs up, not at the first Hangup. */
export function onHangup(ctx: TrackerContext): void {
  const channel = ctx.channel('');
  if (channel) hangUp(ctx, channel, intOrUndefined(ctx.get('Cause')));
}

/** Channels Asterisk no longer has hung up while the connection was down (see CallTracker.reconcile). */
export function onResync(ctx: TrackerContext, liveUniqueids: ReadonlySet<string>, snapshotAt: number): void {
  for (const channel of [...ctx.state.channels.values()]) {
    const gone = !liveUniqueids.has(channel.uniqueid) && channel.createdAt <= snapshotAt;
    if (channel.hungUpAt === undefined && gone) hangUp(ctx, channel, undefined);
  }
}

function hangUp(ctx: TrackerContext, channel: ChannelState, cause: number | undefined): void {
  channel.hungUpAt ??= ctx.at;
  channel.hangupCause ??= cause;
  const call = ctx.callOf(channel);
  if (!call) return;
  channelStoppedRinging(ctx, call, channel);
  if (channel.bridgeId) ctx.leaveBridge(channel);
  if (ctx.graph.allHungUp(call)) finishCall(ctx, call);
  else holderHungUp(ctx, call, channel);
}
