import { readFileSync } from 'node:fs';
import { CallEvent, replayTranscript } from '@app/calls';
import { Elma365PubApiClient } from '@app/elma365';
import { Elma365PubApiException, GenericCallSync, type GenericModeSettings } from '@app/elma365';
import { Elma365PubApiStub, type Elma365PubApiStubRequest } from '@app/testing';
import { callTraces } from './support/recorded-traces';

const token = 'generic-secret-token';
const PBX = 'office';
const CALLS = 'crm/calls';
const CONTACTS = '_clients/_contacts';

const settings: GenericModeSettings = {
  callsApp: CALLS,
  fieldMap: {
    __name: 'Звонок {phone}',
    direction: '{direction}',
    client_phone: '{phone}',
    operator: '{answeredBy}',
    result: '{disposition}',
    started_at: '{startedAt}',
    talk_seconds: '{talkSeconds}',
    recording: '{recording}',
  },
  contactsApp: CONTACTS,
  contactPhoneField: '_phone',
  contactNameTemplate: 'Клиент {phone}',
  contactLinkField: 'contact',
  createContacts: true,
  process: 'crm/incoming_call',
  processOn: 'ringing',
};

function trackedEvents(traceName: string): CallEvent[] {
  const trace = callTraces().find((t) => t.name.startsWith(traceName));
  if (!trace) throw new Error(`trace ${traceName} missing`);
  const events: CallEvent[] = [];
  replayTranscript(
    readFileSync(trace.ami),
    1 << 20,
    { pbxId: PBX },
    {
      onCallEvent: (e) => events.push(e),
      onProtocolError: (error) => {
        throw error;
      },
    },
  );
  return events;
}

function finishedOf(events: readonly CallEvent[]): Extract<CallEvent, { type: 'call.finished' }> {
  const finished = events.find((e) => e.type === 'call.finished');
  if (finished?.type !== 'call.finished') throw new Error('no call.finished');
  return finished;
}

/** method, path and body, as a readable list */
function calls(requests: readonly Elma365PubApiStubRequest[]): { call: string; body: unknown }[] {
  return requests.map((r) => ({ call: `${r.method} ${r.path}`, body: r.body }));
}

describe('generic mode: calls, contacts and a process through /pub/v1 (real HTTP, stub ELMA365)', () => {
  let stub: Elma365PubApiStub;
  const inbound = trackedEvents('01-inbound-answered');
  const outbound = trackedEvents('06-outbound-answered');

  function newSync(overrides: Partial<GenericModeSettings> = {}): GenericCallSync {
    const client = new Elma365PubApiClient({ baseUrl: stub.url, token, timeoutMs: 2000 });
    return new GenericCallSync(client, { ...settings, ...overrides });
  }

  async function syncAll(sync: GenericCallSync, events: readonly CallEvent[]): Promise<void> {
    for (const event of events) await sync.syncEvent(PBX, event);
  }

  beforeAll(async () => {
    stub = await Elma365PubApiStub.start({ token });
  });

  beforeEach(() => {
    stub.ok();
    stub.setData({ apps: { [CONTACTS]: [] } });
    stub.requests.length = 0;
    stub.processRuns.length = 0;
  });

  afterAll(async () => {
    await stub.close();
  });

  it('an inbound call creates the contact, the linked item, starts the process once, updates on answer and finish', async () => {
    await syncAll(newSync(), inbound);

    const [contact] = stub.items(CONTACTS);
    const [item] = stub.items(CALLS);
    const callId = 'office:1795672773.0';
    const record = finishedOf(inbound).record;
    expect(stub.items(CONTACTS)).toHaveLength(1);
    expect(stub.items(CALLS)).toHaveLength(1);
    expect(stub.requests.every((r) => r.authorized)).toBe(true);
    expect(calls(stub.requests)).toEqual([
      {
        call: 'POST /pub/v1/app/crm/calls/list',
        body: { active: true, filter: { tf: { _call_id: callId } }, from: 0, size: 20 },
      },
      {
        call: 'POST /pub/v1/app/_clients/_contacts/list',
        body: {
          active: true,
          filter: { tf: { _phone: '9161234567' } },
          from: 0,
          size: 20,
          sortExpressions: [{ field: '__createdAt', ascending: false }],
        },
      },
      {
        call: 'POST /pub/v1/app/_clients/_contacts/create',
        body: { context: { __name: 'Клиент +79161234567', _phone: [{ type: 'work', tel: '+79161234567' }] } },
      },
      {
        call: 'POST /pub/v1/app/crm/calls/create',
        body: {
          context: {
            __name: 'Звонок +79161234567',
            direction: 'in',
            client_phone: '+79161234567',
            started_at: '2026-11-26T05:59:33.694+00:00',
            _call_id: callId,
            contact: [contact['__id']],
          },
        },
      },
      {
        call: 'POST /pub/v1/bpm/template/crm/incoming_call/run',
        body: {
          context: {
            callId,
            phone: '+79161234567',
            direction: 'in',
            contact: [contact['__id']],
            item: [item['__id']],
          },
        },
      },
      {
        call: `POST /pub/v1/app/crm/calls/${String(item['__id'])}/update`,
        body: { context: { _process_started: true } },
      },
      // the second phone of the ring group rings: the item is known, nothing to send
      { call: `POST /pub/v1/app/crm/calls/${String(item['__id'])}/update`, body: { context: { operator: '1002' } } },
      {
        call: `POST /pub/v1/app/crm/calls/${String(item['__id'])}/update`,
        body: {
          context: {
            __name: 'Звонок +79161234567',
            direction: 'in',
            client_phone: '+79161234567',
            operator: '1002',
            result: 'answered',
            started_at: record.startedAt,
            talk_seconds: record.talkSeconds,
            recording: record.recording,
          },
        },
      },
    ]);
    expect(typeof record.talkSeconds).toBe('number');
    expect(item).toMatchObject({ _call_id: callId, operator: '1002', talk_seconds: 3.013, _process_started: true });
    expect(stub.processRuns).toHaveLength(1);
  });

  it('replaying the same events (same instance, or a fresh one after a crash) adds no item, contact or process', async () => {
    const first = newSync();
    await syncAll(first, inbound);
    const itemsAfterFirst = stub.items(CALLS);
    await syncAll(first, inbound);
    await syncAll(newSync(), inbound);

    expect(stub.items(CONTACTS)).toHaveLength(1);
    expect(stub.items(CALLS)).toEqual(itemsAfterFirst);
    expect(stub.processRuns).toHaveLength(1);
    const creates = stub.requests.filter((r) => r.path.endsWith('/create') || r.path.endsWith('/run'));
    expect(creates).toHaveLength(3);
  });

  it('finds an existing contact typed as 8 (916) 123-45-67 instead of creating one', async () => {
    stub.setData({
      apps: {
        [CONTACTS]: [
          { __id: 'c-decoy', __name: 'Decoy', _phone: [{ type: 'work', tel: '+49 9161234567' }] },
          { __id: 'c-ivan', __name: 'Иван', _phone: [{ type: 'mobile', tel: '8 (916) 123-45-67' }] },
        ],
      },
    });
    const result = await newSync().syncEvent(PBX, inbound[0]);

    expect(result.contact).toEqual({ id: 'c-ivan', created: false });
    expect(stub.items(CONTACTS)).toHaveLength(2);
    expect(stub.items(CALLS)[0]).toMatchObject({ contact: ['c-ivan'] });
    expect(stub.processRuns[0].context).toMatchObject({ contact: ['c-ivan'] });
  });

  it("an outbound call looks up the client's number `to`, not the extension", async () => {
    await syncAll(newSync(), outbound);

    const contactSearch = stub.requests.find((r) => r.path === '/pub/v1/app/_clients/_contacts/list');
    expect(contactSearch?.body).toMatchObject({ filter: { tf: { _phone: '9161234567' } } });
    expect(stub.items(CONTACTS)[0]).toMatchObject({ _phone: [{ type: 'work', tel: '+79161234567' }] });
    expect(stub.items(CALLS)[0]).toMatchObject({
      _call_id: 'office:1795672821.27',
      direction: 'out',
      client_phone: '+79161234567',
      operator: '1001',
      result: 'answered',
    });
    expect(stub.processRuns.map((run) => run.context)).toEqual([
      expect.objectContaining({ phone: '+79161234567', direction: 'out' }),
    ]);
  });

  it('processOn finished: starts the process once, after the final update', async () => {
    const sync = newSync({ processOn: 'finished' });
    await syncAll(sync, inbound);
    await syncAll(newSync({ processOn: 'finished' }), inbound);

    expect(stub.processRuns).toHaveLength(1);
    const paths = stub.requests.map((r) => r.path);
    const run = paths.indexOf('/pub/v1/bpm/template/crm/incoming_call/run');
    expect(stub.requests[run - 1].body).toMatchObject({ context: { result: 'answered' } });
    expect(stub.items(CALLS)[0]).toMatchObject({ _process_started: true });
  });

  it('starts an app-level process, whose namespace is dotted (workspace.app/code)', async () => {
    const sync = newSync({ process: 'crm.calls/on_incoming' });
    await syncAll(sync, inbound);

    expect(stub.processRuns.map((run) => run.template)).toEqual(['crm.calls/on_incoming']);
    expect(stub.requests.map((r) => r.path)).toContain('/pub/v1/bpm/template/crm.calls/on_incoming/run');
  });

  it('a process start that failed is retried with the event; the item is not created twice', async () => {
    const ringing = inbound[0];
    stub.failRequestsTo(/\/run$/, 503);
    await expect(newSync().syncEvent(PBX, ringing)).rejects.toMatchObject({ classification: 'retryable', status: 503 });
    expect(stub.items(CALLS)).toHaveLength(1);
    expect(stub.items(CALLS)[0]['_process_started']).toBeUndefined();

    stub.ok();
    const retried = await newSync().syncEvent(PBX, ringing);

    // the contact comes from the item's link field: not searched again
    expect(retried).toMatchObject({ contact: null, item: { created: false }, processStarted: true });
    expect(stub.processRuns[0].context).toMatchObject({ contact: [stub.items(CONTACTS)[0]['__id']] });
    expect(stub.items(CALLS)).toHaveLength(1);
    expect(stub.items(CONTACTS)).toHaveLength(1);
    expect(stub.processRuns).toHaveLength(1);
    expect(stub.items(CALLS)[0]).toMatchObject({ _process_started: true });
  });

  it('429 -> rate_limited with the Retry-After', async () => {
    stub.rateLimit(7);
    const error = await newSync()
      .syncEvent(PBX, inbound[0])
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Elma365PubApiException);
    expect(error).toMatchObject({ classification: 'rate_limited', status: 429, retryAfterMs: 7000 });
    expect(String((error as Error).message)).not.toContain(token);
  });

  it('500 -> retryable', async () => {
    stub.fail(500);
    await expect(newSync().syncEvent(PBX, inbound[0])).rejects.toMatchObject({
      classification: 'retryable',
      status: 500,
    });
  });

  it("400 -> permanent, with ELMA365's error text and never the token", async () => {
    stub.fail(400, `field "talk_seconds" must be a number (token ${token})`);
    const error = await newSync()
      .syncEvent(PBX, inbound[0])
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ classification: 'permanent', status: 400 });
    const message = (error as Error).message;
    expect(message).toContain('field "talk_seconds" must be a number');
    expect(message).not.toContain(token);
    expect((error as Elma365PubApiException).elmaError).not.toContain(token);
  });

  it('events outside `events`, ringing_stopped / ended and internal calls send nothing', async () => {
    const sync = newSync({ events: ['finished'], process: null });
    for (const event of [...inbound.filter((e) => e.type !== 'call.finished'), ...trackedEvents('10-internal')]) {
      expect(await sync.syncEvent(PBX, event)).toMatchObject({ trigger: null, item: null });
    }
    expect(stub.requests).toHaveLength(0);

    await sync.syncEvent(PBX, finishedOf(inbound));
    expect(stub.items(CALLS)).toHaveLength(1);
    expect(stub.items(CALLS)[0]).toMatchObject({ result: 'answered', talk_seconds: 3.013, operator: '1002' });
  });

  it('rejects settings that cannot work', () => {
    expect(() => newSync({ fieldMap: { x: '{talk}' } })).toThrow(/unknown placeholder \{talk\}/);
    expect(() => newSync({ callsApp: 'calls' })).toThrow(/namespace\/code/);
    expect(() => newSync({ processOn: 'finished', events: ['ringing'] })).toThrow(/processOn/);
  });
});
