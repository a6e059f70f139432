import type { TestingModule } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { AmiTestServer, Elma365PubApiStub, Elma365Stub } from '@app/testing';
import { query, resetStores, startConnector, WEBHOOK_TOKEN } from './support/delivery-harness';
import { TEST_REDIS_URL } from './support/test-database';

const API_TOKEN = 'pub-api-token-0001';

async function deliveredRecords(target: string): Promise<number> {
  const rows = await query<{ n: string }>(
    `SELECT count(*) AS n FROM deliveries WHERE target = $1 AND kind = 'record' AND status = 'delivered'`,
    [target],
  );
  return Number(rows[0].n);
}

async function until(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('generic mode end to end: ingest -> worker -> ELMA365 /pub/v1, beside the telephony webhook', () => {
  let pubApi: Elma365PubApiStub;
  let webhook: Elma365Stub;
  let server: AmiTestServer;
  let app: TestingModule;

  beforeAll(async () => {
    await resetStores();
    pubApi = await Elma365PubApiStub.start({ token: API_TOKEN });
    webhook = await Elma365Stub.start({ token: WEBHOOK_TOKEN });
    server = await AmiTestServer.start({ trace: '01-inbound-answered' });
    app = await startConnector(server, webhook, {
      env: {
        ELMA365_API_URL: pubApi.url,
        ELMA365_API_TOKEN: API_TOKEN,
        ELMA365_GENERIC_ENABLED: 'true',
        ELMA365_GENERIC_CALLS_APP: 'crm/calls',
        ELMA365_GENERIC_FIELD_MAP: JSON.stringify({ __name: 'Звонок {phone}', result: '{disposition}' }),
        ELMA365_GENERIC_CONTACTS_APP: '_clients/_contacts',
        ELMA365_GENERIC_CONTACT_LINK_FIELD: 'contact',
        ELMA365_GENERIC_CREATE_CONTACTS: 'true',
        ELMA365_GENERIC_PROCESS: 'crm/incoming_call',
      },
    });
    await until(async () => (await deliveredRecords('elma365-generic')) >= 4, 20_000, 'generic deliveries');
    await until(async () => (await deliveredRecords('elma365-webhook')) >= 1, 20_000, 'the webhook record');
  }, 40_000);

  afterAll(async () => {
    await app?.close();
    await server?.close();
    await webhook?.close();
    await pubApi?.close();
  });

  it('creates one call item for the call, finds-or-creates the contact and starts the process once', () => {
    const items = pubApi.items('crm/calls');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ _call_id: 'lab:1795672773.0', __name: 'Звонок +79161234567', result: 'answered' });
    const contacts = pubApi.items('_clients/_contacts');
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ _phone: [{ type: 'work', tel: '+79161234567' }] });
    expect(pubApi.processRuns).toHaveLength(1);
    expect(pubApi.processRuns[0]).toMatchObject({
      template: 'crm/incoming_call',
      context: { callId: 'lab:1795672773.0', phone: '+79161234567' },
    });
    expect(pubApi.requests.every((r) => r.authorized)).toBe(true);
  });

  it('still delivers the telephony webhook next to it', () => {
    const kinds = webhook.requests.filter((r) => r.status === 200).map((r) => (r.body as { kind: string }).kind);
    expect(kinds.at(-1)).toBe('record');
  });
});

describe('generic mode under the /pub/v1 request budget', () => {
  it('never sends more requests per minute than ELMA365_API_RATE_LIMIT_PER_MINUTE, and keeps the rest pending', async () => {
    await resetStores();
    const redis = new Redis(TEST_REDIS_URL);
    await redis.del('connector:budget:elma365-pub-api');
    const pubApi = await Elma365PubApiStub.start({ token: API_TOKEN });
    const webhook = await Elma365Stub.start({ token: WEBHOOK_TOKEN });
    const server = await AmiTestServer.start({ trace: '14-concurrent-burst' });
    const app = await startConnector(server, webhook, {
      env: {
        ELMA365_API_URL: pubApi.url,
        ELMA365_API_TOKEN: API_TOKEN,
        ELMA365_GENERIC_ENABLED: 'true',
        ELMA365_GENERIC_CALLS_APP: 'crm/calls',
        ELMA365_API_RATE_LIMIT_PER_MINUTE: '7',
      },
    });
    try {
      await until(async () => pubApi.requests.length >= 7, 15_000, 'the first 7 requests');
      await new Promise((r) => setTimeout(r, 3000));
      expect(pubApi.requests).toHaveLength(7);
      const pending = await query<{ n: string }>(
        `SELECT count(*) AS n FROM deliveries WHERE target = 'elma365-generic' AND status = 'pending'`,
      );
      expect(Number(pending[0].n)).toBeGreaterThan(0);
    } finally {
      await app.close();
      await server.close();
      await webhook.close();
      await pubApi.close();
      await redis.del('connector:budget:elma365-pub-api');
      redis.disconnect();
    }
  }, 40_000);
});
