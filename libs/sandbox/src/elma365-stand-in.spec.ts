import { signWebhook } from '@app/elma365';
import { Elma365StandIn } from './elma365-stand-in';
import type { ReceivedWebhook } from './received-webhooks';

const TOKEN = 'stand-in-token-0123456789abcdef';

describe(Elma365StandIn.name, () => {
  let sut: Elma365StandIn;

  beforeEach(async () => {
    sut = await Elma365StandIn.start({ port: 0, token: TOKEN, keep: 2 });
  });

  afterEach(() => sut.close());

  const deliver = (payload: unknown, token = TOKEN): Promise<Response> => {
    const body = JSON.stringify(payload);
    const id = `w-${Math.random()}`;
    const headers = signWebhook({ id, body, token, timestampSeconds: Date.now() / 1000 });
    return fetch(sut.webhookUrl, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
  };

  it('keeps the last accepted webhooks for the page and /api/received, and counts the refused ones', async () => {
    for (const n of [1, 2, 3]) expect((await deliver({ kind: 'event', callId: `lab:${n}` })).status).toBe(200);
    expect((await deliver({ kind: 'event', callId: 'lab:4' }, 'wrong-token')).status).toBe(401);

    const received = (await (await fetch(`${sut.baseUrl}/api/received`)).json()) as ReceivedWebhook[];
    const page = await (await fetch(`${sut.baseUrl}/`)).text();

    expect(received.map((w) => w.payload)).toEqual([
      { kind: 'event', callId: 'lab:2' },
      { kind: 'event', callId: 'lab:3' },
    ]);
    expect(received.every((w) => w.signature === 'valid' && w.id.startsWith('w-'))).toBe(true);
    expect(sut.webhooks.refused).toBe(1);
    expect(page).toContain('refused (401): 1');
  });

  it('answers a ping as the module does and keeps nothing of it', async () => {
    const response = await deliver({ kind: 'ping', id: 'ping:1', sentAt: new Date().toISOString() });

    expect(await response.json()).toMatchObject({ pong: true, id: 'ping:1', moduleVersion: 'sandbox stand-in' });
    expect(sut.webhooks.list()).toEqual([]);
  });

  it('answers 400 to a signed body that is not JSON, and 404 off its routes', async () => {
    const body = 'not json';
    const headers = signWebhook({ id: 'w-x', body, token: TOKEN, timestampSeconds: Date.now() / 1000 });

    const notJson = await fetch(sut.webhookUrl, { method: 'POST', headers, body });
    const elsewhere = await fetch(`${sut.baseUrl}/webhook`);

    expect([notJson.status, elsewhere.status]).toEqual([400, 404]);
  });
});
