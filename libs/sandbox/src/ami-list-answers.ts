import { AmiBlockHeaders, formatAmiBlock } from '@app/pbx-simulator';
import { LAB_PHONES } from './lab-phones';

/**
 * An EventList answer: `Response: Success` + `EventList: start`, the items (each `Event:` first, then the
 * ActionID, as Asterisk writes them), then the `...Complete` event.
 */
export function eventListAnswer(
  actionId: string,
  completeEvent: string,
  items: readonly AmiBlockHeaders[],
  startMessage: string,
): string {
  const id: AmiBlockHeaders = actionId === '' ? [] : [['ActionID', actionId]];
  const start = formatAmiBlock([['Response', 'Success'], ...id, ['EventList', 'start'], ['Message', startMessage]]);
  const body = items.map((item) => formatAmiBlock([...item.slice(0, 1), ...id, ...item.slice(1)])).join('');
  const complete = formatAmiBlock([
    ['Event', completeEvent],
    ...id,
    ['EventList', 'Complete'],
    ['ListItems', String(items.length)],
  ]);
  return start + body + complete;
}

/** `channels`: the CoreShowChannel items of the channels up now (ChannelTable). */
export function coreShowChannelsAnswer(actionId: string, channels: readonly AmiBlockHeaders[]): string {
  return eventListAnswer(actionId, 'CoreShowChannelsComplete', channels, 'Channels will follow');
}

export function pjsipShowEndpointsAnswer(actionId: string): string {
  const items = LAB_PHONES.map((phone): AmiBlockHeaders => [
    ['Event', 'EndpointList'],
    ['ObjectType', 'endpoint'],
    ['ObjectName', phone.extension],
    ['Transport', 'transport-udp'],
    ['Aor', phone.extension],
    ['Auths', phone.extension],
    ['OutboundAuths', ''],
    ['Contacts', `${phone.extension}/sip:${phone.extension}@127.0.0.1:5060,`],
    ['DeviceState', phone.deviceState],
    ['ActiveChannels', ''],
    ['CallerID', `"${phone.name}" <${phone.extension}>`],
  ]);
  return eventListAnswer(
    actionId,
    'EndpointListComplete',
    items,
    'A listing of Endpoints follows, presented as EndpointList events',
  );
}
