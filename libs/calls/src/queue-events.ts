import { TrackerContext } from './tracker-context';

/** The first queue the caller joins names the call's queue; QueueMemberStatus alone means nothing. */
export function onQueueCallerJoin(ctx: TrackerContext): void {
  const call = ctx.callOf(ctx.channel(''));
  if (!call) return;
  call.queue ??= ctx.get('Queue');
  call.inQueue = true;
}

export function onQueueCallerLeave(ctx: TrackerContext): void {
  const call = ctx.callOf(ctx.channel(''));
  if (call) call.inQueue = false;
}

export function onQueueCallerAbandon(ctx: TrackerContext): void {
  const call = ctx.callOf(ctx.channel(''));
  if (!call) return;
  call.inQueue = false;
  if (call.answeredAt === undefined) call.abandonedAt ??= ctx.at;
}
