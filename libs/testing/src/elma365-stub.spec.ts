import { signWebhook } from '@app/elma365';
import { Elma365Stub } from './elma365-stub';

const TOKEN = 'stub-token-0123456789abcdef';

describe(Elma365Stub.name, () => {
  let sut: Elma365Stub;

  beforeEach(async () => {
    sut = await Elma365Stub.start({ token: TOKEN });
  });

  afterEach(() => sut.close());

  const deliver = (payload: unknown, token = TOKEN, signal?: AbortSignal): Promise<Response> => {
    const body = JSON.stringify(payload);
    const headers = signWebhook({ id: 'w-1', body, token, timestampSeconds: Date.now() / 1000 });
    return fetch(sut.url, { method: 'POST', headers, body, signal });
  };

  const ping = { kind: 'ping', id: 'ping:1', sentAt: '2026-01-01T00:00:00.000Z' };

  it('records every request with its verdicts and answer, accepting in the ok mode whatever the token', async () => {
    const good = await deliver({ kind: 'event' });
    const wrong = await deliver({ kind: 'event' }, 'another-token');

    const requests = await sut.waitForRequests(2);
    expect([good.status, wrong.status]).toEqual([200, 200]);
    expect(requests.map((r) => [r.path, r.body, r.signatureValid, r.tokenValid, r.status])).toEqual([
      ['/webhook', { kind: 'event' }, true, true, 200],
      ['/webhook', { kind: 'event' }, false, false, 200],
    ]);
  });

  it('answers as the mode says: fail, 429 with Retry-After, then ok again', async () => {
    sut.fail(503, '{"error":"down"}');
    const failed = await deliver({ kind: 'event' });
    sut.rateLimit(7);
    const limited = await deliver({ kind: 'event' });
    sut.ok();
    const accepted = await deliver({ kind: 'event' });

    expect([failed.status, await failed.text()]).toEqual([503, '{"error":"down"}']);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    expect(accepted.status).toBe(200);
    expect(sut.requests.map((r) => r.status)).toEqual([503, 429, 200]);
  });

  it('answers a ping as the module does, refuses one wrongly signed, and 200 {} when told not to', async () => {
    const answered = await deliver(ping);
    const refused = await deliver(ping, 'another-token');
    sut.answerPings = false;
    const relayedNot = await deliver(ping);

    expect(await answered.json()).toMatchObject({ pong: true, id: 'ping:1', moduleVersion: 'stub' });
    expect(refused.status).toBe(401);
    expect([relayedNot.status, await relayedNot.json()]).toEqual([200, {}]);
  });

  it('hangs: records the request with status null and never answers', async () => {
    sut.hang();
    const abort = new AbortController();

    const outcome = deliver({ kind: 'event' }, TOKEN, abort.signal).then(
      () => 'answered',
      () => 'aborted',
    );
    const [request] = await sut.waitForRequests(1);
    abort.abort();

    expect(request.status).toBeNull();
    expect(await outcome).toBe('aborted');
  });
});
