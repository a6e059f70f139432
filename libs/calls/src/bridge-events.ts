import { considerAnswer } from './call-notifier';
import { resumeAnswer } from './resumed-call';
import { TrackerContext } from './tracker-context';
import { ChannelState } from './tracker-state';

export function onBridgeEnter(ctx: TrackerContext): void {
  const channel = ctx.channel('');
  const bridgeId = ctx.get('BridgeUniqueid');
  if (!channel || !bridgeId) return;
  ctx.joinBridge(channel, bridgeId);
  mergeBridgedCalls(ctx, channel);
  considerBridgedAnswer(ctx, channel);
  // A resumed call's DialEnd may have passed before we listened: the bridge with the caller says answered.
  const call = ctx.callOf(channel);
  if (call?.resumed) resumeAnswer(ctx, call, channel);
}

export function onBridgeLeave(ctx: TrackerContext): void {
  const channel = ctx.channel('');
  if (channel && channel.bridgeId === ctx.get('BridgeUniqueid')) ctx.leaveBridge(channel);
}

export function onBridgeDestroy(ctx: TrackerContext): void {
  ctx.state.bridges.delete(ctx.get('BridgeUniqueid') ?? '');
}

/**
 * Asterisk gives a channel entering a two-party bridge the oldest Linkedid in it (pickup, transfer);
 * the events saying so can come later than the BridgeEnter, so the calls are joined here already.
 */
function mergeBridgedCalls(ctx: TrackerContext, channel: ChannelState): void {
  const members = ctx.graph.bridgeMembers(channel.bridgeId);
  if (members.length !== 2) return;
  const mine = ctx.callOf(channel);
  const theirs = ctx.callOf(members.find((m) => m !== channel));
  if (!mine || !theirs || mine === theirs) return;
  const [younger, older] = mine.startedAt >= theirs.startedAt ? [mine, theirs] : [theirs, mine];
  ctx.mergeCalls(younger, older);
}

/** Answers without a Dial() (call pickup, an agent bridged in by an app): an extension bridged with the caller. */
function considerBridgedAnswer(ctx: TrackerContext, channel: ChannelState): void {
  const call = ctx.callOf(channel);
  if (!call || call.answeredAt !== undefined) return;
  const { origin, caller } = ctx.callerOf(call);
  if (!caller || caller.kind !== 'trunk') return;
  const members = ctx.graph.bridgeMembers(channel.bridgeId);
  if (!members.includes(caller) && !(origin && members.includes(origin))) return;
  const phone = members.find((m) => m.kind === 'extension' && m.upAt !== undefined);
  if (phone) considerAnswer(ctx, call, phone);
}
