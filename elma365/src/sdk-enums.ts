// ELMA365's global enums, read at every call: their values are not published (CONTRACT.md §4), so the module
// never spells them itself. A member's name stands in only where the enum or the member does not exist.

/** The names the connector's payload uses (docs/webhook-payload.md). */
export type WireEvent = 'NotifyStart' | 'NotifyAnswer' | 'NotifyEnd';
export type WireDirection = 'in' | 'out' | 'internal';
export type WireDisposition = 'Answered' | 'Busy' | 'Cancel' | 'NoAnswer' | 'Unknown';

export const WIRE_EVENTS: readonly WireEvent[] = ['NotifyStart', 'NotifyAnswer', 'NotifyEnd'];
export const WIRE_DIRECTIONS: readonly WireDirection[] = ['in', 'out', 'internal'];
export const WIRE_DISPOSITIONS: readonly WireDisposition[] = ['Answered', 'Busy', 'Cancel', 'NoAnswer', 'Unknown'];

const DIRECTION_MEMBERS: Readonly<Record<WireDirection, 'In' | 'Out' | 'Internal'>> = {
  in: 'In',
  out: 'Out',
  internal: 'Internal',
};

export interface SdkEnumsSeen {
  VoipWebhookEvent: Record<string, string> | null;
  VoipCallDirection: Record<string, string> | null;
  VoipCallDisposition: Record<string, string> | null;
}

// `typeof X` rather than `globalThis.X`: ELMA365 may declare the enums as global lexical bindings (`const`, `enum`),
// which are not properties of globalThis; `typeof` of an undeclared name is 'undefined' instead of a ReferenceError.
function eventEnum(): unknown {
  return typeof VoipWebhookEvent === 'undefined' ? undefined : VoipWebhookEvent;
}

function directionEnum(): unknown {
  return typeof VoipCallDirection === 'undefined' ? undefined : VoipCallDirection;
}

function dispositionEnum(): unknown {
  return typeof VoipCallDisposition === 'undefined' ? undefined : VoipCallDisposition;
}

function memberOf(enumValue: unknown, member: string): unknown {
  if ((typeof enumValue !== 'object' && typeof enumValue !== 'function') || enumValue === null) return undefined;
  return (enumValue as Record<string, unknown>)[member];
}

function sdkValue<T>(enumValue: unknown, member: string, fallback: string): T {
  const value = memberOf(enumValue, member);
  return (value === undefined || value === null ? fallback : value) as T;
}

export function sdkEvent(event: WireEvent): VoipWebhookEvent {
  return sdkValue<VoipWebhookEvent>(eventEnum(), event, event);
}

export function sdkDirection(direction: WireDirection): VoipCallDirection {
  return sdkValue<VoipCallDirection>(directionEnum(), DIRECTION_MEMBERS[direction], direction);
}

export function sdkDisposition(disposition: WireDisposition): VoipCallDisposition {
  return sdkValue<VoipCallDisposition>(dispositionEnum(), disposition, disposition);
}

/** The enums as this script sees them (member → value), for the doctor's ping: null where an enum does not exist. */
export function sdkEnumsSeen(): SdkEnumsSeen {
  return {
    VoipWebhookEvent: describeEnum(eventEnum(), WIRE_EVENTS),
    VoipCallDirection: describeEnum(directionEnum(), Object.values(DIRECTION_MEMBERS)),
    VoipCallDisposition: describeEnum(dispositionEnum(), WIRE_DISPOSITIONS),
  };
}

function describeEnum(enumValue: unknown, knownMembers: readonly string[]): Record<string, string> | null {
  if (enumValue === undefined) return null;
  const seen: Record<string, string> = {};
  const listed = typeof enumValue === 'object' && enumValue !== null ? Object.keys(enumValue) : [];
  for (const member of [...knownMembers, ...listed]) {
    const value = memberOf(enumValue, member);
    if (typeof value === 'string' || typeof value === 'number') seen[member] = String(value);
  }
  return seen;
}
