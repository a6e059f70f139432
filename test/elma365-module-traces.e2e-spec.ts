import type { TestingModule } from '@nestjs/testing';
import {
  AmiTestServer,
  Elma365ModuleHost,
  type HostedVoipValue,
  STAND_IN_VOIP_CALL_DIRECTION,
  STAND_IN_VOIP_CALL_DISPOSITION,
  STAND_IN_VOIP_WEBHOOK_EVENT,
  waitFor,
} from '@app/testing';
import { amiUrlOf } from './support/ami-url';
import { resetStores, startConnector, WEBHOOK_TOKEN } from './support/delivery-harness';
import { type CardEvent, checkCardRule } from './support/card-rule';
import { type CallTrace, callTraces } from './support/recorded-traces';

/** Traces replayed at once, each as its own PBX of one connector. */
const BATCH_SIZE = 5;

const DIRECTION_OF: Readonly<Record<string, string>> = {
  in: STAND_IN_VOIP_CALL_DIRECTION.In,
  out: STAND_IN_VOIP_CALL_DIRECTION.Out,
  internal: STAND_IN_VOIP_CALL_DIRECTION.Internal,
};

// The call's disposition as docs/webhook-payload.md maps it.
const DISPOSITION_OF: Readonly<Record<string, string>> = {
  answered: STAND_IN_VOIP_CALL_DISPOSITION.Answered,
  busy: STAND_IN_VOIP_CALL_DISPOSITION.Busy,
  no_answer: STAND_IN_VOIP_CALL_DISPOSITION.NoAnswer,
  abandoned: STAND_IN_VOIP_CALL_DISPOSITION.Cancel,
  failed: STAND_IN_VOIP_CALL_DISPOSITION.Unknown,
};

const pbxIdOf = (trace: CallTrace): string => `t${trace.name.slice(0, 2)}`;

const nameOf = (values: Readonly<Record<string, string>>, value: unknown): string =>
  Object.entries(values).find(([, v]) => v === value)?.[0] ?? `unknown ${String(value)}`;

/** What ELMA365 got as card events: the card's user is `dstPhoneExt` on outgoing calls, `dstPhone` otherwise. */
function cardEventsOf(events: HostedVoipValue[]): CardEvent[] {
  return events.map((e) => ({
    callId: String(e.callId),
    card: String(e.direction === STAND_IN_VOIP_CALL_DIRECTION.Out ? e.dstPhoneExt : e.dstPhone),
    event: nameOf(STAND_IN_VOIP_WEBHOOK_EVENT, e.event),
    disposition: nameOf(STAND_IN_VOIP_CALL_DISPOSITION, e.disposition),
  }));
}

const ofPbx = (values: HostedVoipValue[], pbxId: string): HostedVoipValue[] =>
  values.filter((v) => String(v.callId).startsWith(`${pbxId}:`));

function batches(traces: CallTrace[]): CallTrace[][] {
  const out: CallTrace[][] = [];
  for (let i = 0; i < traces.length; i += BATCH_SIZE) out.push(traces.slice(i, i + BATCH_SIZE));
  return out;
}

describe('the ELMA365 module takes every webhook the connector sends for every shared trace (e2e)', () => {
  let host: Elma365ModuleHost;
  let servers: AmiTestServer[] = [];
  let app: TestingModule | undefined;

  beforeAll(async () => {
    await resetStores();
    host = await Elma365ModuleHost.start({ settings: { webhookToken: WEBHOOK_TOKEN, verificationMode: 'signature' } });
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    for (const server of servers) await server.close();
    servers = [];
  });

  afterAll(async () => {
    await host.close();
  });

  it.each(batches(callTraces()).map((batch) => [batch.map((t) => t.name.slice(0, 2)).join(', '), batch] as const))(
    'traces %s: nothing refused, SDK enum values only, one callRecord per call, dstPhoneExt only outgoing',
    async (_names, batch) => {
      servers = await Promise.all(batch.map((trace) => AmiTestServer.start({ trace: trace.ami })));
      const amiUrl = servers.map((server, i) => amiUrlOf(server, pbxIdOf(batch[i]))).join(',');
      app = await startConnector(servers[0], host, { env: { AMI_URL: amiUrl } });

      await waitFor(
        () => batch.every((trace) => ofPbx(host.callRecords, pbxIdOf(trace)).length >= trace.truth.length),
        { timeoutMs: 20_000, what: 'a callRecord for every call of the batch' },
      );

      expect(host.refusals.map((r) => `${r.status} ${r.content}`)).toEqual([]);
      for (const trace of batch) {
        const pbxId = pbxIdOf(trace);
        const records = ofPbx(host.callRecords, pbxId);
        const events = ofPbx(host.events, pbxId);
        expect({ trace: trace.name, records: new Set(records.map((r) => r.callId)).size }).toEqual({
          trace: trace.name,
          records: trace.truth.length,
        });
        expect(records.map((r) => r.direction).sort()).toEqual(
          trace.truth.map((t) => DIRECTION_OF[t.direction]).sort(),
        );
        expect(records.map((r) => r.disposition).sort()).toEqual(
          trace.truth.map((t) => DISPOSITION_OF[t.disposition]).sort(),
        );
        // each card ELMA365 got: one NotifyStart, at most one NotifyAnswer, one NotifyEnd (Answered iff answered);
        // a call that reached no phone (a busy ring group, an Originate nobody took) has no card, only its record
        expect({ trace: trace.name, breaches: checkCardRule(cardEventsOf(events)).breaches }).toEqual({
          trace: trace.name,
          breaches: [],
        });
        for (const event of events) {
          expect(Object.values(STAND_IN_VOIP_WEBHOOK_EVENT)).toContain(event.event);
        }
        for (const value of [...events, ...records]) {
          expect(Object.values(STAND_IN_VOIP_CALL_DIRECTION)).toContain(value.direction);
          expect(Object.values(STAND_IN_VOIP_CALL_DISPOSITION)).toContain(value.disposition);
          expect(value).not.toHaveProperty('srcPhoneExt');
          expect(value).not.toHaveProperty('at');
          if (value.direction === STAND_IN_VOIP_CALL_DIRECTION.Out) {
            expect({ callId: value.callId, dstPhoneExt: value.dstPhoneExt }).toEqual({
              callId: value.callId,
              dstPhoneExt: value.srcPhone,
            });
          } else {
            expect(value).not.toHaveProperty('dstPhoneExt');
          }
        }
      }
    },
    30_000,
  );

  it('showed nothing twice and answered every webhook the connector sent', () => {
    expect(host.events.length).toBeGreaterThan(0);
    const callIds = host.callRecords.map((r) => r.callId);
    expect(new Set(callIds).size).toBe(callIds.length);
    expect(callIds).toHaveLength(callTraces().reduce((sum, trace) => sum + trace.truth.length, 0));
    expect(host.exchanges.every((e) => e.status === 200)).toBe(true);
    const outgoing = host.callRecords.filter((r) => r.direction === STAND_IN_VOIP_CALL_DIRECTION.Out);
    expect(outgoing.length).toBeGreaterThan(0);
    expect(outgoing.every((r) => typeof r.dstPhoneExt === 'string' && r.dstPhoneExt !== '')).toBe(true);
  });
});
