import { type AmiActionRef, formatAmiResponse } from './ami-action-block';
import { type AmiBlockHeaders, formatAmiBlock } from './ami-wire';

/**
 * An EventList answer: `Response: Success` + `EventList: start`, the items (each `Event:` first, then the
 * ActionID, as Asterisk writes them), then the `...Complete` event.
 */
export function eventListAnswer(
  to: AmiActionRef,
  completeEvent: string,
  items: readonly AmiBlockHeaders[],
  startMessage: string,
): string {
  const id: AmiBlockHeaders = to.actionId ? [['ActionID', to.actionId]] : [];
  const start = formatAmiResponse(to, 'Success', [
    ['EventList', 'start'],
    ['Message', startMessage],
  ]);
  const body = items.map((item) => formatAmiBlock([...item.slice(0, 1), ...id, ...item.slice(1)])).join('');
  const complete = formatAmiBlock([
    ['Event', completeEvent],
    ...id,
    ['EventList', 'Complete'],
    ['ListItems', String(items.length)],
  ]);
  return start + body + complete;
}

/** `channels`: the CoreShowChannel items of the channels up now (ChannelTable.coreShowChannels). */
export function coreShowChannelsAnswer(to: AmiActionRef, channels: readonly AmiBlockHeaders[]): string {
  return eventListAnswer(to, 'CoreShowChannelsComplete', channels, 'Channels will follow');
}
