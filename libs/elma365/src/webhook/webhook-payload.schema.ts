import { VOIP_DIRECTIONS, VOIP_DISPOSITIONS, VOIP_EVENT_NAMES } from './voip-types';

const nullableString = { type: ['string', 'null'] } as const;
const nullableInteger = { type: ['integer', 'null'], minimum: 0 } as const;
const isoTime = { type: 'string', format: 'date-time' } as const;
const nullableIsoTime = { type: ['string', 'null'], format: 'date-time' } as const;
const trackerDirection = { enum: ['in', 'out', 'internal'] } as const;

const phones = {
  srcPhone: { type: 'string', description: 'inbound: the client; outbound/internal: the calling extension' },
  dstPhone: { type: 'string', description: "inbound/internal: the operator's extension; outbound: the client" },
  srcPhoneExt: { type: 'string', description: 'the calling extension (outbound, internal)' },
  dstPhoneExt: { type: 'string', description: "the operator's extension" },
} as const;

/** The tracker's CallRecord (libs/calls/src/call-record.ts), carried as `record.call`. */
const callRecordSchema = {
  type: 'object',
  required: [
    'callId',
    'pbxId',
    'linkedid',
    'direction',
    'from',
    'to',
    'answeredBy',
    'disposition',
    'startedAt',
    'answeredAt',
    'endedAt',
    'waitSeconds',
    'talkSeconds',
    'extensions',
    'transfers',
    'queue',
    'recording',
    'hangupCause',
    'legs',
  ],
  properties: {
    callId: { type: 'string' },
    pbxId: { type: 'string' },
    linkedid: { type: 'string' },
    direction: trackerDirection,
    from: nullableString,
    to: nullableString,
    answeredBy: nullableString,
    disposition: { enum: ['answered', 'no_answer', 'abandoned', 'busy', 'failed'] },
    startedAt: isoTime,
    answeredAt: nullableIsoTime,
    endedAt: isoTime,
    waitSeconds: nullableInteger,
    talkSeconds: nullableInteger,
    extensions: { type: 'array', items: { type: 'string' } },
    transfers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kind', 'from', 'to', 'at'],
        properties: { kind: { enum: ['blind', 'attended'] }, from: nullableString, to: nullableString, at: isoTime },
      },
    },
    queue: nullableString,
    recording: nullableString,
    hangupCause: nullableInteger,
    legs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['channel', 'party', 'startedAt', 'answeredAt', 'endedAt', 'dialStatus', 'hangupCause'],
        properties: {
          channel: { type: 'string' },
          party: nullableString,
          startedAt: isoTime,
          answeredAt: nullableIsoTime,
          endedAt: nullableIsoTime,
          dialStatus: nullableString,
          hangupCause: nullableInteger,
        },
      },
    },
  },
} as const;

const voipEventSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['event', 'direction', 'srcPhone', 'dstPhone', 'callId', 'at'],
  properties: {
    event: { enum: [...VOIP_EVENT_NAMES] },
    direction: { enum: [...VOIP_DIRECTIONS] },
    ...phones,
    disposition: { enum: [...VOIP_DISPOSITIONS], description: 'NotifyEnd only' },
    callId: { type: 'string' },
    at: isoTime,
  },
} as const;

const voipRecordSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['srcPhone', 'dstPhone', 'direction', 'disposition', 'duration', 'callId', 'call'],
  properties: {
    ...phones,
    direction: { enum: [...VOIP_DIRECTIONS] },
    disposition: { enum: [...VOIP_DISPOSITIONS] },
    duration: { type: 'integer', minimum: 0, description: 'talk seconds, 0 when unanswered' },
    callId: { type: 'string' },
    call: callRecordSchema,
  },
} as const;

const base = {
  version: { const: 1 },
  id: { type: 'string', minLength: 1, description: 'delivery id, identical on every retry' },
  callId: { type: 'string', minLength: 1 },
  pbxId: { type: 'string' },
} as const;

/** JSON Schema (2020-12) of the body the connector POSTs to the ELMA365 module webhook. */
export const WEBHOOK_PAYLOAD_V1_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:asterisk-elma365-connector:webhook-payload:v1',
  title: 'WebhookPayloadV1',
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['version', 'id', 'kind', 'callId', 'pbxId', 'card', 'event'],
      properties: {
        ...base,
        kind: { const: 'event' },
        card: {
          type: ['string', 'null'],
          description: 'the extension whose card this event opens, answers or closes (a card is call + extension)',
        },
        event: voipEventSchema,
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['version', 'id', 'kind', 'callId', 'pbxId', 'record'],
      properties: { ...base, kind: { const: 'record' }, record: voipRecordSchema },
    },
  ],
} as const;
