// Parses the connector's webhook payload, version 1 (docs/webhook-payload.md), into what ELMA365 expects.
import {
  sdkDirection,
  sdkDisposition,
  sdkEvent,
  WIRE_DIRECTIONS,
  WIRE_DISPOSITIONS,
  WIRE_EVENTS,
  type WireDirection,
  type WireDisposition,
  type WireEvent,
} from './sdk-enums';

export type ParsedWebhookPayload =
  | { ok: true; kind: 'event'; id: string; event: VoipWebhookRequest }
  | { ok: true; kind: 'record'; id: string; callRecord: VoipCallRecord }
  | { ok: true; kind: 'ping'; id: string }
  | { ok: false; error: string };

type JsonObject = Record<string, unknown>;

/** Thrown inside the parser only, so a deep field check can give up with the name of the field. */
class PayloadFieldError extends Error {}

export function parseWebhookPayload(body: string): ParsedWebhookPayload {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (_error) {
    return { ok: false, error: 'body is not valid JSON' };
  }
  try {
    const payload = asObject(json, 'payload');
    if (payload.version !== 1) return { ok: false, error: `unsupported payload version: ${String(payload.version)}` };
    const id = requiredString(payload, 'id');
    switch (payload.kind) {
      case 'event':
        return { ok: true, kind: 'event', id, event: toVoipEvent(asObject(payload.event, 'event')) };
      case 'record':
        return { ok: true, kind: 'record', id, callRecord: toVoipRecord(asObject(payload.record, 'record')) };
      case 'ping':
        return { ok: true, kind: 'ping', id };
      default:
        return { ok: false, error: `unknown kind: ${String(payload.kind)}` };
    }
  } catch (error) {
    if (error instanceof PayloadFieldError) return { ok: false, error: error.message };
    throw error;
  }
}

/** Copies the known fields only: `at` and anything newer in version 1 stay out of what ELMA365 sees. */
function toVoipEvent(event: JsonObject): VoipWebhookRequest {
  const direction = oneOf(event, 'direction', WIRE_DIRECTIONS, 'event.');
  return {
    event: sdkEvent(oneOf(event, 'event', WIRE_EVENTS, 'event.')),
    direction: sdkDirection(direction),
    srcPhone: requiredString(event, 'srcPhone', 'event.'),
    dstPhone: requiredString(event, 'dstPhone', 'event.'),
    ...operatorExtension(event, direction, 'event.'),
    // The SDK's examples send Unknown with NotifyStart; the field is not optional in VoipWebhookRequest.
    disposition: sdkDisposition(optionalOneOf(event, 'disposition', WIRE_DISPOSITIONS, 'event.') ?? 'Unknown'),
    callId: requiredString(event, 'callId', 'event.'),
  };
}

function toVoipRecord(record: JsonObject): VoipCallRecord {
  const duration = record.duration;
  if (typeof duration !== 'number' || !Number.isFinite(duration) || duration < 0) {
    throw new PayloadFieldError('record.duration must be a number >= 0');
  }
  const direction = oneOf(record, 'direction', WIRE_DIRECTIONS, 'record.');
  return {
    srcPhone: requiredString(record, 'srcPhone', 'record.'),
    dstPhone: requiredString(record, 'dstPhone', 'record.'),
    ...operatorExtension(record, direction, 'record.'),
    direction: sdkDirection(direction),
    disposition: sdkDisposition(oneOf(record, 'disposition', WIRE_DISPOSITIONS, 'record.')),
    duration,
    callId: requiredString(record, 'callId', 'record.'),
    call: asObject(record.call, 'record.call'),
  };
}

// The SDK says dstPhoneExt is "used only for outgoing calls; for other directions leave blank", and srcPhoneExt's
// description is cut off in the only source (SDKs up to 2025.8 have neither field): so the module sends dstPhoneExt
// on outgoing calls only and never sends srcPhoneExt, whatever the connector's payload carries.
function operatorExtension(object: JsonObject, direction: WireDirection, prefix: string): { dstPhoneExt?: string } {
  const value = object.dstPhoneExt;
  if (value === undefined || value === null) return {};
  if (typeof value !== 'string') throw new PayloadFieldError(`${prefix}dstPhoneExt must be a string`);
  return direction === 'out' && value !== '' ? { dstPhoneExt: value } : {};
}

function asObject(value: unknown, name: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PayloadFieldError(`${name} must be an object`);
  }
  return value as JsonObject;
}

// Empty strings are allowed: an anonymous caller has no number (docs/webhook-payload.md).
function requiredString(object: JsonObject, field: string, prefix = ''): string {
  const value = object[field];
  if (typeof value !== 'string') throw new PayloadFieldError(`${prefix}${field} must be a string`);
  return value;
}

function oneOf<T extends WireEvent | WireDirection | WireDisposition>(
  object: JsonObject,
  field: string,
  allowed: readonly T[],
  prefix: string,
): T {
  const value = object[field];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new PayloadFieldError(`${prefix}${field} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function optionalOneOf<T extends WireEvent | WireDirection | WireDisposition>(
  object: JsonObject,
  field: string,
  allowed: readonly T[],
  prefix: string,
): T | undefined {
  return object[field] === undefined || object[field] === null ? undefined : oneOf(object, field, allowed, prefix);
}
