import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { DeliveryRepository } from '@app/persistence';
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

  it('lists every target and status at 0 until it has rows, whether Redis and PostgreSQL answer, and gap-fill', async () => {
    const text = await (await fetch(`${await app.getUrl()}/metrics`)).text();

    expect(text).toMatch(/^connector_deliveries\{target="elma365-webhook",status="dead"\} 0$/m);
    expect(text).toMatch(/^connector_deliveries\{target="elma365-generic",status="pending"\} 0$/m);
    expect(text).toMatch(/^connector_delivery_oldest_pending_seconds\{target="elma365-webhook"\} 0$/m);
    expect(text).toMatch(/^connector_dependency_up\{component="redis"\} 1$/m);
    expect(text).toMatch(/^connector_dependency_up\{component="postgres"\} 1$/m);
    expect(text).toMatch(/^connector_gapfill_recovered_calls\{pbx="office"\} 0$/m);
  });

  it("shows how long the oldest pending delivery has waited and counts it under its target's pending", async () => {
    const ledger = new DeliveryRepository(app.get(DataSource));
    await ledger.ensurePending({
      callId: 'office:1700000000.9',
      target: 'elma365-webhook',
      kind: 'record',
      eventKey: 'office:1700000000.9#record',
      seq: 9,
      payload: {},
      card: null,
    });
    await app.get(DataSource).query(`UPDATE deliveries SET created_at = now() - interval '10 minutes'`);

    const text = await (await fetch(`${await app.getUrl()}/metrics`)).text();

    const age = Number(
      /^connector_delivery_oldest_pending_seconds\{target="elma365-webhook"\} (\S+)$/m.exec(text)?.[1],
    );
    expect(age).toBeGreaterThanOrEqual(600);
    expect(age).toBeLessThan(700);
    expect(text).toMatch(/^connector_deliveries\{target="elma365-webhook",status="pending"\} 1$/m);
  });
});
