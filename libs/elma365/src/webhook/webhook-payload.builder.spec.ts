import type { CallEvent } from '@app/calls';
import { answered, callRecord, ended, left, ringing, ringingStopped, transferAnswered } from '../testing/call-fixtures';
import { schemaErrors } from '../testing/mini-json-schema';
import { buildEventPayload, buildRecordPayload } from './webhook-payload.builder';
import { WEBHOOK_PAYLOAD_V1_SCHEMA } from './webhook-payload.schema';

describe('webhook payload', () => {
  it('an event payload: version 1, id <callId>#<seq>, the mapped event', () => {
    const sut = buildEventPayload('office', ringing({ seq: 3 }));

    expect(sut).toEqual({
      version: 1,
      id: 'office:1700000000.42#3',
      kind: 'event',
      callId: 'office:1700000000.42',
      pbxId: 'office',
      card: '101',
      event: expect.objectContaining({ event: 'NotifyStart', callId: 'office:1700000000.42' }),
    });
  });

  it('is deterministic: the same event gives the same bytes', () => {
    expect(JSON.stringify(buildEventPayload('office', answered()))).toBe(
      JSON.stringify(buildEventPayload('office', answered())),
    );
  });

  it('call.finished has no event payload', () => {
    const record = callRecord();
    const finished: CallEvent = { type: 'call.finished', callId: record.callId, at: record.endedAt, seq: 7, record };

    expect(buildEventPayload('office', finished)).toBeNull();
  });

  it('an event that touches no card (extension null) has no payload: nothing is sent for a card never opened', () => {
    expect(buildEventPayload('office', answered({ extension: null }))).toBeNull();
    expect(buildEventPayload('office', ended({ extension: null }))).toBeNull();
  });

  it.each([
    ['ringing', ringing({ extension: '103' })],
    ['answered', answered({ extension: '103' })],
    ['transfer answered', transferAnswered({ extension: '103' })],
    ['ringing stopped', ringingStopped({ extension: '103' })],
    ['left', left({ extension: '103' })],
    ['ended', ended({ extension: '103' })],
  ])('a %s payload names the card it touches, the extension the event names', (_name, event) => {
    expect(buildEventPayload('office', event)?.card).toBe('103');
  });

  it('a record payload: id <callId>#record, pbxId from the record', () => {
    const sut = buildRecordPayload(callRecord());

    expect(sut).toMatchObject({ version: 1, id: 'office:1700000000.42#record', kind: 'record', pbxId: 'office' });
    expect(sut.record.call).toEqual(callRecord());
  });

  describe('matches WEBHOOK_PAYLOAD_V1_SCHEMA', () => {
    it.each([
      ['ringing', ringing()],
      ['ringing caller out', ringing({ role: 'caller', direction: 'out', from: '101', to: '+79161234567' })],
      ['answered', answered()],
      ['transfer_answered', transferAnswered()],
      ['ringing_stopped', ringingStopped()],
      ['left', left()],
      ['ended', ended({ disposition: null, from: null, to: null })],
    ])('%s event', (_name, event) => {
      expect(schemaErrors(WEBHOOK_PAYLOAD_V1_SCHEMA, buildEventPayload('office', event))).toEqual([]);
    });

    it('record', () => {
      const record = callRecord({
        transfers: [{ kind: 'blind', from: '101', to: '102', at: '2024-05-01T10:00:30.000+03:00' }],
      });

      expect(schemaErrors(WEBHOOK_PAYLOAD_V1_SCHEMA, buildRecordPayload(record))).toEqual([]);
    });

    it('and rejects what is not a payload', () => {
      const payload = buildEventPayload('office', ringing());

      expect(schemaErrors(WEBHOOK_PAYLOAD_V1_SCHEMA, { ...payload, version: 2 })).not.toEqual([]);
      expect(schemaErrors(WEBHOOK_PAYLOAD_V1_SCHEMA, { ...payload, extra: true })).not.toEqual([]);
      expect(
        schemaErrors(WEBHOOK_PAYLOAD_V1_SCHEMA, { ...payload, event: { ...payload?.event, event: 'Ring' } }),
      ).not.toEqual([]);
    });
  });
});
