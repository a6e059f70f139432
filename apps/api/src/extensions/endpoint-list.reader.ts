import { AmiClientError, AmiClientErrorCode, AmiMessage } from '@app/ami';
import type { PbxActionSession } from '../pbx/pbx-action-session';
import type { Extension } from './extension';
import { stateFromDeviceState, stateFromPeerStatus } from './extension-state';

/**
 * Every endpoint of one PBX from two list actions: PJSIPShowEndpoints, then chan_sip's SIPpeers (absent on
 * Asterisk 21+, so its error is ignored). One list per technology: PJSIPShowEndpoint per endpoint would be one
 * round trip per phone. A name appears only when the list carries a CallerID (stock EndpointList does not), else
 * the extension itself is the name.
 */
export async function readEndpoints(session: PbxActionSession, isExtension: RegExp): Promise<Extension[]> {
  const pjsip = await listOrEmpty(session, 'PJSIPShowEndpoints', 'EndpointListComplete');
  const sip = await listOrEmpty(session, 'SIPpeers', 'PeerlistComplete');
  const byName = new Map<string, Extension>();
  for (const item of pjsip) {
    const extension = item.get('ObjectName');
    if (item.event !== 'EndpointList' || !extension || byName.has(extension)) continue;
    byName.set(extension, {
      extension,
      name: nameFromCallerId(item.get('CallerID')) ?? extension,
      pbxId: session.pbxId,
      technology: 'PJSIP',
      state: stateFromDeviceState(item.get('DeviceState')),
    });
  }
  for (const item of sip) {
    const extension = item.get('ObjectName');
    if (item.event !== 'PeerEntry' || !extension || byName.has(extension)) continue;
    byName.set(extension, {
      extension,
      name: item.get('Description')?.trim() || extension,
      pbxId: session.pbxId,
      technology: 'SIP',
      state: stateFromPeerStatus(item.get('Status')),
    });
  }
  return [...byName.values()]
    .filter((e) => isExtension.test(e.extension))
    .sort((a, b) => a.extension.localeCompare(b.extension, 'en', { numeric: true }));
}

/** `Response: Error` means the module is not loaded or has nothing to list; anything else is a PBX problem. */
async function listOrEmpty(session: PbxActionSession, action: string, completeEvent: string): Promise<AmiMessage[]> {
  try {
    return (await session.client.actionList({ Action: action }, { completeEvent })).items;
  } catch (error) {
    if (error instanceof AmiClientError && error.code === AmiClientErrorCode.ActionFailed) return [];
    throw error;
  }
}

/** `"Anna Smirnova" <1001>` -> `Anna Smirnova`; `<1001>` or nothing -> undefined. */
function nameFromCallerId(callerId: string | undefined): string | undefined {
  const match = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<]*?))\s*(?:<[^>]*>)?\s*$/.exec(callerId ?? '');
  const name = (match?.[1] ?? match?.[2] ?? '').replace(/\\(.)/g, '$1').trim();
  return name === '' ? undefined : name;
}
