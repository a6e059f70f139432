// Parses the connector's webhook payload, version 1 (docs/webhook-payload.md), into what ELMA365 expects.

export type ParsedWebhookPayload =
  | { ok: true; id: string; event: VoipWebhookRequest }
  | { ok: true; id: string; callRecord: VoipCallRecord }
  | { ok: false; error: string };

type JsonObject = Record<string, unknown>;

const EVENT_TYPES: readonly string[] = ['NotifyStart', 'NotifyAnswer', 'NotifyEnd'];
const DIRECTIONS: readonly string[] = ['in', 'out', 'internal'];
const DISPOSITIONS: readonly string[] = ['Answered', 'Busy', 'Cancel', 'NoAnswer', 'Unknown'];

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
    if (payload.kind === 'event') return { ok: true, id, event: toVoipEvent(asObject(payload.event, 'event')) };
    if (payload.kind === 'record')
      return { ok: true, id, callRecord: toVoipRecord(asObject(payload.record, 'record')) };
    return { ok: false, error: `unknown kind: ${String(payload.kind)}` };
  } catch (error) {
    if (error instanceof PayloadFieldError) return { ok: false, error: error.message };
    throw error;
  }
}

/** Copies the known fields only: `at` and anything newer in version 1 stay out of what ELMA365 sees. */
function toVoipEvent(event: JsonObject): VoipWebhookRequest {
  const disposition = optionalOneOf(event, 'disposition', DISPOSITIONS, 'event.');
  return {
    event: oneOf(event, 'event', EVENT_TYPES, 'event.') as VoipEventType,
    direction: oneOf(event, 'direction', DIRECTIONS, 'event.') as VoipCallDirection,
    srcPhone: requiredString(event, 'srcPhone', 'event.'),
    dstPhone: requiredString(event, 'dstPhone', 'event.'),
    ...optionalStrings(event, 'event.'),
    ...(disposition === undefined ? {} : { disposition: disposition as VoipCallDisposition }),
    callId: requiredString(event, 'callId', 'event.'),
  };
}

function toVoipRecord(record: JsonObject): VoipCallRecord {
  const duration = record.duration;
  if (typeof duration !== 'number' || !Number.isFinite(duration) || duration < 0) {
    throw new PayloadFieldError('record.duration must be a number >= 0');
  }
  return {
    srcPhone: requiredString(record, 'srcPhone', 'record.'),
    dstPhone: requiredString(record, 'dstPhone', 'record.'),
    ...optionalStrings(record, 'record.'),
    direction: oneOf(record, 'direction', DIRECTIONS, 'record.') as VoipCallDirection,
    disposition: oneOf(record, 'disposition', DISPOSITIONS, 'record.') as VoipCallDisposition,
    duration,
    callId: requiredString(record, 'callId', 'record.'),
    call: asObject(record.call, 'record.call'),
  };
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

function optionalStrings(object: JsonObject, prefix: string): { srcPhoneExt?: string; dstPhoneExt?: string } {
  const result: { srcPhoneExt?: string; dstPhoneExt?: string } = {};
  for (const field of ['srcPhoneExt', 'dstPhoneExt'] as const) {
    const value = object[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw new PayloadFieldError(`${prefix}${field} must be a string`);
    result[field] = value;
  }
  return result;
}

function oneOf(object: JsonObject, field: string, allowed: readonly string[], prefix: string): string {
  const value = object[field];
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new PayloadFieldError(`${prefix}${field} must be one of ${allowed.join(', ')}`);
  }
  return value;
}

function optionalOneOf(
  object: JsonObject,
  field: string,
  allowed: readonly string[],
  prefix: string,
): string | undefined {
  return object[field] === undefined || object[field] === null ? undefined : oneOf(object, field, allowed, prefix);
}
