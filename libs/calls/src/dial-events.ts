import { channelStoppedRinging, considerAnswer, notifyOutgoing, notifyRinging } from './call-notifier';
import { TrackerContext } from './tracker-context';
import { ChannelState } from './tracker-state';

/** A DialBegin without calling-channel headers is an Originate's (or a consultation's) own leg. */
export function onDialBegin(ctx: TrackerContext): void {
  const dest = ctx.channel('Dest', true);
  if (!dest) return;
  const caller = ctx.channel('', true);
  dest.dialedBy = caller ? caller.uniqueid : null;
  dest.dialBeganAt ??= ctx.at;
  dest.dialString = ctx.get('DialString');
  if (caller && !caller.dialed.includes(dest.uniqueid)) caller.dialed.push(dest.uniqueid);
  const call = ctx.callOf(dest);
  if (call && dest.kind === 'trunk') notifyOutgoing(ctx, call);
}

export function onDialState(ctx: TrackerContext): void {
  const dest = ctx.channel('Dest');
  ctx.channel('');
  if (dest && ctx.get('DialStatus') === 'RINGING') notifyRinging(ctx, dest);
}

export function onDialEnd(ctx: TrackerContext): void {
  const dest = ctx.channel('Dest');
  ctx.channel('');
  const status = ctx.get('DialStatus');
  // Asterisk can repeat a DialEnd (queues send CANCEL twice): the first outcome stands.
  if (!dest || !status || dest.dialStatus !== undefined) return;
  dest.dialStatus = status;
  const call = ctx.callOf(dest);
  if (!call) return;
  if (status === 'ANSWER') {
    dest.upAt ??= ctx.at;
    considerAnswer(ctx, call, dest);
  } else if (status !== 'CANCEL') {
    // A CANCEL's reason shows only later (Hangup cause 26, or the answer): it is decided there.
    channelStoppedRinging(ctx, call, dest);
  }
}

/** The Originate's target (`Exten`) is the number to call when no trunk leg was ever made. */
export function onOriginateResponse(ctx: TrackerContext): void {
  const byId = ctx.state.channels.get(ctx.get('Uniqueid') ?? '');
  const call = ctx.callOf(byId ?? pendingOriginateLeg(ctx, ctx.get('Channel')));
  if (call) call.originate = { exten: ctx.get('Exten') || undefined, response: ctx.get('Response') };
}

/** A failed Originate says `Uniqueid: <unknown>` and names the dial string (`PJSIP/1003`), not the channel. */
function pendingOriginateLeg(ctx: TrackerContext, dialString: string | undefined): ChannelState | undefined {
  if (!dialString) return undefined;
  let found: ChannelState | undefined;
  for (const call of ctx.state.calls.values()) {
    if (call.originate) continue;
    const origin = ctx.graph.origin(call);
    if (origin && ctx.graph.isOriginated(origin) && origin.name.startsWith(`${dialString}-`)) {
      if (!found || origin.createdAt > found.createdAt) found = origin;
    }
  }
  return found;
}
