import { type AmiActionRef, type AmiBlockHeaders, eventListAnswer } from '@app/pbx-simulator';
import { LAB_PHONES } from './lab-phones';

/** The lab's phones, as Asterisk lists its PJSIP endpoints. */
export function pjsipShowEndpointsAnswer(to: AmiActionRef): string {
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
    to,
    'EndpointListComplete',
    items,
    'A listing of Endpoints follows, presented as EndpointList events',
  );
}
