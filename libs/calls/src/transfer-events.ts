import { TrackerContext } from './tracker-context';
import { ChannelState } from './tracker-state';

export function onBlindTransfer(ctx: TrackerContext): void {
  if (ctx.get('Result') !== 'Success') return;
  const transferer = ctx.graph.channel(ctx.get('TransfererUniqueid'));
  const transferee = ctx.graph.channel(ctx.get('TransfereeUniqueid'));
  const call = ctx.callOf(transferee ?? transferer);
  if (!call) return;
  call.transfers.push({
    kind: 'blind',
    from: ctx.graph.extensionOf(transferer),
    to: ctx.classifier.party(ctx.get('Extension')),
    at: ctx.atIso,
  });
}

/**
 * The transferers' and target's calls (a consultation made from the phone has its own Linkedid) become part
 * of the transferee's call; the target is whoever now shares the transferee's bridge.
 */
export function onAttendedTransfer(ctx: TrackerContext): void {
  if (ctx.get('Result') !== 'Success') return;
  const transferee = ctx.graph.channel(ctx.get('TransfereeUniqueid'));
  const first = ctx.graph.channel(ctx.get('OrigTransfererUniqueid'));
  const second = ctx.graph.channel(ctx.get('SecondTransfererUniqueid'));
  const target = ctx.graph.channel(ctx.get('TransferTargetUniqueid'));
  const call = ctx.callOf(transferee ?? first);
  if (!call) return;
  for (const other of [first, second, target]) {
    const otherCall = ctx.callOf(other);
    if (otherCall && otherCall !== call) ctx.mergeCalls(otherCall, call);
  }
  const transferers = new Set([transferee, first, second].filter((c): c is ChannelState => !!c));
  const landed = ctx.graph
    .bridgeMembers(ctx.get('DestBridgeUniqueid'))
    .filter((c) => !transferers.has(c))
    .map((c) => ctx.graph.extensionOf(c))
    .find((ext) => ext !== null);
  call.transfers.push({
    kind: 'attended',
    from: ctx.graph.extensionOf(first),
    to: landed ?? ctx.graph.extensionOf(target) ?? ctx.classifier.party(ctx.get('SecondTransfererConnectedLineNum')),
    at: ctx.atIso,
  });
}

/** Another phone took a ringing call (pickup group, directed pickup): it answers in the ringing phone's place. */
export function onPickup(ctx: TrackerContext): void {
  const picker = ctx.channel('');
  const target = ctx.graph.channel(ctx.get('TargetUniqueid'));
  if (!picker || !target || picker === target) return;
  target.pickedUpBy = picker.uniqueid;
  const pickerCall = ctx.callOf(picker);
  const targetCall = ctx.callOf(target);
  if (pickerCall && targetCall) ctx.mergeCalls(pickerCall, targetCall);
}
