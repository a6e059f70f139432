export const EXTENSION_STATES = ['idle', 'in_use', 'busy', 'ringing', 'on_hold', 'unavailable', 'unknown'] as const;
export type ExtensionState = (typeof EXTENSION_STATES)[number];

/** Asterisk's device-state text as EndpointList writes it ("Not in use", "Ring+Inuse", ...) or its enum name. */
const BY_DEVICE_STATE: Readonly<Record<string, ExtensionState>> = {
  not_inuse: 'idle',
  not_in_use: 'idle',
  inuse: 'in_use',
  in_use: 'in_use',
  busy: 'busy',
  ringing: 'ringing',
  ring_inuse: 'ringing',
  ringinuse: 'ringing',
  onhold: 'on_hold',
  on_hold: 'on_hold',
  unavailable: 'unavailable',
  invalid: 'unavailable',
};

export function stateFromDeviceState(deviceState: string | undefined): ExtensionState {
  const key = (deviceState ?? '')
    .trim()
    .toLowerCase()
    .replace(/[\s+]+/g, '_');
  return BY_DEVICE_STATE[key] ?? 'unknown';
}

/** chan_sip's PeerEntry has no device state, only qualify results: only "unreachable" is certain. */
export function stateFromPeerStatus(status: string | undefined): ExtensionState {
  return /^(UNREACHABLE|UNKNOWN)\b/i.test(status ?? '') ? 'unavailable' : 'unknown';
}
