import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { CallRecord } from '@app/calls';
import { AppConfig } from '@app/config';
import { AmiTestServer, loadTrace, waitFor } from '@app/testing';
import { ApiModule } from '../apps/api/src/api.module';
import { configureHttpApp } from '../apps/api/src/common/configure-http-app';
import { PbxActionsService } from '../apps/api/src/pbx/pbx-actions.service';
import { CallEventSink } from '../apps/ingest/src/call-event.sink';
import { IngestModule } from '../apps/ingest/src/ingest.module';
import { answerEndpoints } from './support/ami-endpoints';
import { resetStores } from './support/delivery-harness';
import { testConfig } from './support/test-database';
import { amiUrlOf } from './support/ami-url';

const API_KEY = 'click-to-call-test-key-0001';
/** The originated agent channel of trace 08: Asterisk gives it the Originate's ChannelId as Uniqueid. */
const RECORDED_AGENT_UNIQUEID = '1795672837.34';

/** What Asterisk streams after accepting the recorded Originate: its events, from the trace. */
function recordedOriginateEvents(): string {
  const text = loadTrace('08-originate-click-to-call').bytes.toString('utf8');
  const queued = 'Message: Originate successfully queued\r\n\r\n';
  const start = text.indexOf(queued) + queued.length;
  return text.slice(start, text.indexOf('Response: Goodbye'));
}

describe('click-to-call end to end: the call record carries the id POST /api/v1/calls returned', () => {
  let app: NestExpressApplication;
  let server: AmiTestServer;
  const records: CallRecord[] = [];

  beforeAll(async () => {
    await resetStores();
    server = await AmiTestServer.start();
    server.onAction('PJSIPShowEndpoints', answerEndpoints);
    server.onAction('Originate', (action, connection) => {
      connection.respond(action, 'Success', { Message: 'Originate successfully queued' });
      const channelId = action.get('ChannelId') ?? '';
      server.send(recordedOriginateEvents().split(RECORDED_AGENT_UNIQUEID).join(channelId));
    });
    const moduleRef = await Test.createTestingModule({ imports: [ApiModule, IngestModule] })
      .overrideProvider(AppConfig)
      .useValue(
        testConfig({
          AMI_URL: amiUrlOf(server),
          API_KEYS: API_KEY,
          RECORDING_LINK_SECRET: 'recording-link-secret-01',
        }),
      )
      .overrideProvider(CallEventSink)
      .useValue({
        publish: (_pbx: string, events: { type: string; record?: CallRecord }[]) => {
          for (const e of events) if (e.type === 'call.finished' && e.record) records.push(e.record);
        },
      })
      .compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
    configureHttpApp(app);
    await app.listen(0, '127.0.0.1');
    await waitFor(() => app.get(PbxActionsService).isConnected('office'), { timeoutMs: 5000, what: 'AMI login' });
    await server.waitForLogins(2, { accepted: true });
  });

  afterAll(async () => {
    await app.close();
    await server.close();
  });

  it('originates, and the tracked call is recorded under the returned callId', async () => {
    const res = await fetch(`${await app.getUrl()}/api/v1/calls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ extension: '1001', phone: '8 916 123-45-67', callerName: 'Клиент ООО Вектор' }),
    });
    expect(res.status).toBe(202);
    const { callId } = (await res.json()) as { callId: string };
    expect(callId).toMatch(/^office:c2c-[0-9a-f-]{36}$/);

    const record = await waitFor(() => records.find((r) => r.callId === callId), {
      timeoutMs: 5000,
      what: `the record of ${callId}`,
    });
    expect(record).toMatchObject({
      direction: 'out',
      from: '1001',
      to: '+79161234567',
      answeredBy: '1001',
      disposition: 'answered',
    });
    const originate = server.actionsNamed('Originate')[0].message;
    expect(originate.get('Channel')).toBe('PJSIP/1001');
    expect(originate.get('Async')).toBe('true');
    expect(`office:${originate.get('ChannelId')}`).toBe(callId);

    const metrics = await (
      await fetch(`${await app.getUrl()}/metrics`, { headers: { authorization: `Bearer ${API_KEY}` } })
    ).text();
    expect(metrics).toMatch(/^connector_originate_total\{outcome="queued"\} 1$/m);
  });
});
