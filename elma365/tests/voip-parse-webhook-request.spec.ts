import { VoipParseWebhookRequest as sut } from '../src/module';
import {
  DIRECTION,
  DISPOSITION,
  EVENT,
  installElma365Globals,
  removeSdkEnums,
  sentAnswer,
  sentJson,
} from './elma365-globals';
import { eventPayload, freshId, recordPayload, signedPayload, signedRequest } from './webhook-requests';

describe('VoipParseWebhookRequest: what ELMA365 gets, built from its SDK enums', () => {
  beforeEach(() => installElma365Globals());

  it('turns a signed event into `event` with the enum values, Unknown disposition, without `at` or the ext on an inbound call', async () => {
    const result = await sut(signedPayload(eventPayload(freshId())));

    expect(result).toEqual({
      event: {
        event: EVENT.NotifyStart,
        direction: DIRECTION.In,
        srcPhone: '+79161234567',
        dstPhone: '101',
        disposition: DISPOSITION.Unknown,
        callId: 'office:1714546800.42',
      },
    });
  });

  it.each([
    ['NotifyStart', EVENT.NotifyStart],
    ['NotifyAnswer', EVENT.NotifyAnswer],
    ['NotifyEnd', EVENT.NotifyEnd],
  ])('sends %s as the VoipWebhookEvent value %s', async (name, value) => {
    const result = await sut(signedPayload(eventPayload(freshId(), { event: name })));

    expect(result.event?.event).toBe(value);
  });

  it.each([
    ['in', DIRECTION.In],
    ['out', DIRECTION.Out],
    ['internal', DIRECTION.Internal],
  ])('sends direction %s as the VoipCallDirection value', async (direction, value) => {
    const event = await sut(signedPayload(eventPayload(freshId(), { direction })));
    const record = await sut(signedPayload(recordPayload(freshId('#record'), { direction })));

    expect(event.event?.direction).toBe(value);
    expect(record.callRecord?.direction).toBe(value);
  });

  it.each([
    ['Answered', DISPOSITION.Answered],
    ['Busy', DISPOSITION.Busy],
    ['Cancel', DISPOSITION.Cancel],
    ['NoAnswer', DISPOSITION.NoAnswer],
    ['Unknown', DISPOSITION.Unknown],
  ])('sends disposition %s as the VoipCallDisposition value, on events and records', async (disposition, value) => {
    const event = await sut(signedPayload(eventPayload(freshId(), { event: 'NotifyEnd', disposition })));
    const record = await sut(signedPayload(recordPayload(freshId('#record'), { disposition })));

    expect(event.event?.disposition).toBe(value);
    expect(record.callRecord?.disposition).toBe(value);
  });

  it('always sends a disposition: Unknown on NotifyAnswer (and NotifyEnd) when the payload has none', async () => {
    const answer = await sut(signedPayload(eventPayload(freshId(), { event: 'NotifyAnswer' })));
    const end = await sut(signedPayload(eventPayload(freshId(), { event: 'NotifyEnd', disposition: null })));

    expect(answer.event?.disposition).toBe(DISPOSITION.Unknown);
    expect(end.event?.disposition).toBe(DISPOSITION.Unknown);
  });

  it('keeps dstPhoneExt on outgoing calls only, and never sends srcPhoneExt', async () => {
    const ext = { srcPhoneExt: '101', dstPhoneExt: '101' };
    const outEvent = await sut(
      signedPayload(eventPayload(freshId(), { direction: 'out', srcPhone: '101', dstPhone: '+7916', ...ext })),
    );
    const outRecord = await sut(signedPayload(recordPayload(freshId('#record'), { direction: 'out', ...ext })));
    const internal = await sut(signedPayload(eventPayload(freshId(), { direction: 'internal', ...ext })));
    const inRecord = await sut(signedPayload(recordPayload(freshId('#record'), ext)));

    expect(outEvent.event).toMatchObject({ dstPhoneExt: '101' });
    expect(outEvent.event).not.toHaveProperty('srcPhoneExt');
    expect(outRecord.callRecord).toMatchObject({ dstPhoneExt: '101' });
    expect(outRecord.callRecord).not.toHaveProperty('srcPhoneExt');
    for (const result of [internal.event, inRecord.callRecord]) {
      expect(result).toBeDefined();
      expect(result).not.toHaveProperty('dstPhoneExt');
      expect(result).not.toHaveProperty('srcPhoneExt');
    }
  });

  it('turns a signed record into `callRecord` whose `call` is the connector record', async () => {
    const payload = recordPayload(freshId('#record'));

    const result = await sut(signedPayload(payload));

    const { dstPhoneExt: _ext, ...record } = payload.record as Record<string, unknown>;
    expect(result).toEqual({
      callRecord: { ...record, direction: DIRECTION.In, disposition: DISPOSITION.Answered },
    });
  });

  it('falls back to the member names where ELMA365 has no such enums', async () => {
    removeSdkEnums();

    const event = await sut(signedPayload(eventPayload(freshId())));
    const record = await sut(signedPayload(recordPayload(freshId('#record'), { direction: 'internal' })));

    expect(event.event).toMatchObject({ event: 'NotifyStart', direction: 'in', disposition: 'Unknown' });
    expect(record.callRecord).toMatchObject({ direction: 'internal', disposition: 'Answered' });
  });

  it('falls back per member: a missing member only', async () => {
    Object.assign(globalThis, { VoipCallDisposition: { Answered: 'only-answered' } });

    const result = await sut(signedPayload(eventPayload(freshId())));
    const record = await sut(signedPayload(recordPayload(freshId('#record'))));

    expect(result.event).toMatchObject({ event: EVENT.NotifyStart, disposition: 'Unknown' });
    expect(record.callRecord?.disposition).toBe('only-answered');
  });

  it('accepts a Cyrillic body and header names in any case', async () => {
    const request = signedPayload(eventPayload(freshId(), { srcPhone: 'Аноним' }));
    const upper = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toUpperCase(), v]));

    const result = await sut({ ...request, headers: upper });

    expect(result.event?.srcPhone).toBe('Аноним');
  });
});

describe('VoipParseWebhookRequest: odd requests get an answer, never a throw', () => {
  beforeEach(() => installElma365Globals());

  it.each([
    ['an object', { version: 1 }, 'object'],
    ['no body', undefined, 'undefined'],
    ['null', null, 'null'],
    ['a number', 42, 'number'],
  ])('answers 400 naming the type to a body that is %s', async (_case, body, type) => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const request = { ...signedPayload(eventPayload(freshId())), body: body as unknown as string };

    const result = await sut(request);

    expect(sentAnswer(result.response).status).toBe(400);
    expect(sentJson(result.response)).toMatchObject({
      error: `request.body must be a string (the raw JSON text), got ${type}`,
      bodyType: type,
    });
    expect(error).toHaveBeenCalledWith(expect.stringContaining(`got ${type}`));
    error.mockRestore();
  });

  it.each([
    ['missing', undefined, 'missing'],
    ['a string', 'authorization: x', 'string'],
    ['an array', [['authorization', 'x']], 'array'],
  ])('refuses with 401, not a throw, when headers are %s', async (_case, headers, headersType) => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const request = {
      ...signedPayload(eventPayload(freshId())),
      headers: headers as unknown as Record<string, string>,
    };

    const result = await sut(request);

    expect(sentAnswer(result.response).status).toBe(401);
    expect(sentJson(result.response)).toMatchObject({ headerNames: [], headersType });
    error.mockRestore();
  });

  it('reads headers given as a fetch Headers object', async () => {
    const request = signedPayload(eventPayload(freshId()));

    const result = await sut({
      ...request,
      headers: new Headers(request.headers) as unknown as Record<string, string>,
    });

    expect(result.event?.event).toBe(EVENT.NotifyStart);
  });

  it('answers 400 to a request that is not even an object', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);

    const result = await sut(null as unknown as FetchRequest);

    expect(sentAnswer(result.response).status).toBe(400);
    error.mockRestore();
  });

  it.each([
    ['bad JSON', '{"version":1,', 'body is not valid JSON'],
    ['an unknown version', JSON.stringify({ ...eventPayload('x'), version: 2 }), 'unsupported payload version: 2'],
    ['an unknown kind', JSON.stringify({ ...eventPayload('x'), kind: 'other' }), 'unknown kind: other'],
    ['a missing event', JSON.stringify({ ...eventPayload('x'), event: undefined }), 'event must be an object'],
    [
      'an unknown event name',
      JSON.stringify(eventPayload('x', { event: 'Ring' })),
      'event.event must be one of NotifyStart, NotifyAnswer, NotifyEnd',
    ],
    [
      'an unknown disposition',
      JSON.stringify(eventPayload('x', { disposition: 'Lost' })),
      'event.disposition must be one of Answered, Busy, Cancel, NoAnswer, Unknown',
    ],
    [
      'a negative duration',
      JSON.stringify(recordPayload('x', { duration: -1 })),
      'record.duration must be a number >= 0',
    ],
  ])('answers 400 with the reason, as JSON text, to %s', async (_case, body, error) => {
    const result = await sut(signedRequest(body, 'x'));

    expect(sentAnswer(result.response).status).toBe(400);
    expect(sentJson(result.response)).toEqual({ error });
  });
});
