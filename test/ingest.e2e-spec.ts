import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CallEvent, CallRecord } from '@app/calls';
import { AppConfig } from '@app/config';
import { AmiTestServer, waitFor } from '@app/testing';
import { CallEventSink } from '../apps/ingest/src/call-event.sink';
import { IngestModule } from '../apps/ingest/src/ingest.module';
import { compareWithTruth } from './support/call-truth';
import { callTraces } from './support/recorded-traces';
import { testConfig } from './support/test-database';
import { amiUrlOf } from './support/ami-url';

class CapturingSink extends CallEventSink {
  readonly events: { pbxId: string; event: CallEvent }[] = [];

  publish(pbxId: string, events: readonly CallEvent[]): void {
    for (const event of events) this.events.push({ pbxId, event });
  }

  get records(): CallRecord[] {
    return this.events.flatMap(({ event }) => (event.type === 'call.finished' ? [event.record] : []));
  }
}

async function startIngest(amiUrl: string, sink: CapturingSink): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({ imports: [IngestModule] })
    .overrideProvider(AppConfig)
    .useValue(testConfig({ AMI_URL: amiUrl }))
    .overrideProvider(CallEventSink)
    .useValue(sink)
    .compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  return moduleRef;
}

describe('the ingest app against a TCP AMI server replaying the recorded traces', () => {
  let server: AmiTestServer | undefined;
  let app: INestApplicationContext | undefined;

  afterEach(async () => {
    await app?.close();
    await server?.close();
    app = undefined;
    server = undefined;
  });

  it.each(callTraces().map((t) => [t.name, t] as const))('%s: logs in and tracks the calls', async (_name, trace) => {
    server = await AmiTestServer.start({ trace: trace.ami, chunkSize: 1460 });
    const sink = new CapturingSink();
    const { username, secret } = server.clientOptions();
    app = await startIngest(`ami://${username}:${encodeURIComponent(secret)}@127.0.0.1:${server.port}/lab`, sink);

    await server.waitForLogins(1, { accepted: true, timeoutMs: 5000 });
    const records = await waitFor(() => sink.records.length >= trace.truth.length && sink.records, {
      timeoutMs: 10_000,
      what: `${trace.truth.length} finished call(s)`,
    });

    expect(compareWithTruth(records, trace.truth)).toEqual([]);
    expect(new Set(sink.events.map((e) => e.pbxId))).toEqual(new Set(['lab']));
    for (const r of records) expect(r.callId).toBe(`lab:${r.linkedid}`);
  });

  it('keeps several PBXs apart: each call id carries its PBX id', async () => {
    server = await AmiTestServer.start({ trace: '01-inbound-answered' });
    const second = await AmiTestServer.start({ trace: '06-outbound-answered' });
    try {
      const sink = new CapturingSink();
      const url = (s: AmiTestServer, id: string): string => amiUrlOf(s, id);
      app = await startIngest(`${url(server, 'office')},${url(second, 'branch')}`, sink);
      const records = await waitFor(() => sink.records.length >= 2 && sink.records, { timeoutMs: 10_000 });
      expect(records.map((r) => `${r.callId.split(':')[0]} ${r.direction}`).sort()).toEqual([
        'branch out',
        'office in',
      ]);
    } finally {
      await app?.close();
      app = undefined;
      await second.close();
    }
  });
});
