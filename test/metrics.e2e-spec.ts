import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppConfig } from '@app/config';
import { AmiTestServer } from '@app/testing';
import { IngestModule } from '../apps/ingest/src/ingest.module';
import { MetricsModule } from '../apps/api/src/metrics/metrics.module';
import { resetStores } from './support/delivery-harness';
import { testConfig } from './support/test-database';
import { amiUrlOf } from './support/ami-url';

describe('GET /metrics', () => {
  let app: INestApplication;
  let server: AmiTestServer;

  beforeAll(async () => {
    await resetStores();
    server = await AmiTestServer.start({ trace: '01-inbound-answered' });
    const moduleRef = await Test.createTestingModule({ imports: [MetricsModule, IngestModule] })
      .overrideProvider(AppConfig)
      .useValue(
        testConfig({
          AMI_URL: amiUrlOf(server),
        }),
      )
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    await server.waitForLogins(1, { accepted: true });
  });

  afterAll(async () => {
    await app.close();
    await server.close();
  });

  it('exposes queue depths, the delivery ledger and, with ingest in the process, each PBX', async () => {
    const res = await fetch(`${await app.getUrl()}/metrics`);
    const text = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(text).toMatch(/^connector_queue_jobs\{queue="call-events",state="waiting"\} \d+$/m);
    expect(text).toMatch(/^connector_queue_jobs\{queue="elma365-delivery",state="failed"\} \d+$/m);
    expect(text).toContain('# TYPE connector_deliveries gauge');
    expect(text).toMatch(/^connector_ami_connected\{pbx="office"\} 1$/m);
    expect(text).toMatch(/^connector_ami_events\{pbx="office"\} [1-9]\d*$/m);
    expect(text).toMatch(/^connector_process_resident_memory_bytes \d+/m);
  });
});
