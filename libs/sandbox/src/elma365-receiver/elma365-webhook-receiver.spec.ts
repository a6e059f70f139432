import { signWebhook } from '@app/elma365';
import { LoopbackHttpServer } from '../loopback-http-server';
import { isVerified } from './checked-webhook-request';
import { Elma365WebhookReceiver, type WebhookAnswerPolicy, type WebhookExchange } from './elma365-webhook-receiver';
import { jsonAnswer } from './webhook-answer';

const TOKEN = 'module-token-0123456789abcdef';
const ACCEPTED = jsonAnswer(200, {});

describe(Elma365WebhookReceiver.name, () => {
  let policy: WebhookAnswerPolicy;
  let exchanges: WebhookExchange[];
  let http: LoopbackHttpServer;
  let sut: Elma365WebhookReceiver;

  beforeEach(async () => {
    policy = (request, module) => module.ping(request) ?? ACCEPTED;
    exchanges = [];
    sut = new Elma365WebhookReceiver({
      token: TOKEN,
      moduleVersion: 'spec',
      maxBodyBytes: 4096,
      policy: (request, module) => policy(request, module),
      onExchange: (exchange) => exchanges.push(exchange),
    });
    http = await LoopbackHttpServer.start(sut.listener);
  });

  afterEach(() => http.refuse());

  const post = (body: string, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> =>
    fetch(`http://127.0.0.1:${http.port}/webhook?from=spec`, { method: 'POST', headers, body, signal });

  const signed = (id: string, body: string, token = TOKEN): Record<string, string> => ({
    ...signWebhook({ id, body, token, timestampSeconds: Date.now() / 1000 }),
    'content-type': 'application/json',
  });

  const ping = (id: string): string => JSON.stringify({ kind: 'ping', id, sentAt: new Date().toISOString() });

  it('lets the policy answer a request checked as the module checks it, and reports the exchange after', async () => {
    policy = () => ({ ...jsonAnswer(202, { kept: true }), headers: { 'retry-after': '7' } });
    const body = JSON.stringify({ kind: 'event', id: 'lab:1#1' });

    const response = await post(body, signed('lab:1#1', body));

    expect([response.status, response.headers.get('retry-after'), await response.json()]).toEqual([
      202,
      '7',
      { kept: true },
    ]);
    expect(exchanges).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/webhook?from=spec',
        raw: body,
        body: { kind: 'event', id: 'lab:1#1' },
        tokenValid: true,
        signature: expect.objectContaining({ valid: true, id: 'lab:1#1' }),
        ping: undefined,
        status: 202,
      }),
    ]);
    expect(exchanges[0].headers['content-type']).toBe('application/json');
  });

  it("refuses with the module's 401 naming the failed check and the header names, never their values", async () => {
    policy = (request, module) => (isVerified(request) ? ACCEPTED : module.refusal(request));
    const body = '{"kind":"event"}';

    const wrongToken = await post(body, { ...signed('a', body), authorization: 'Bearer not-the-token' });
    const unsigned = await post(body, { authorization: `Bearer ${TOKEN}` });
    const good = await post(body, signed('b', body));

    expect(wrongToken.status).toBe(401);
    const refusal = (await wrongToken.json()) as { error: string };
    expect(refusal.error).toMatch(/^bad_token; headers: .*authorization, .*webhook-signature/);
    expect(refusal.error).not.toContain('not-the-token');
    expect([unsigned.status, ((await unsigned.json()) as { error: string }).error]).toEqual([
      401,
      expect.stringMatching(/^missing_headers; headers: /),
    ]);
    expect(good.status).toBe(200);
    expect(exchanges.map((e) => [e.tokenValid, e.signature.valid, e.status])).toEqual([
      [false, true, 401],
      [true, false, 401],
      [true, true, 200],
    ]);
  });

  it('answers a signed ping as the module does, each answer naming the last ping answered', async () => {
    const first = await post(ping('ping:1'), signed('ping:1', ping('ping:1')));
    const refused = await post(ping('ping:2'), signed('ping:2', ping('ping:2'), 'another-token'));
    const second = await post(ping('ping:3'), signed('ping:3', ping('ping:3')));

    expect(await first.json()).toMatchObject({ pong: true, id: 'ping:1', moduleVersion: 'spec', previousPingId: null });
    expect(refused.status).toBe(401);
    expect(await second.json()).toMatchObject({ pong: true, id: 'ping:3', previousPingId: 'ping:1' });
    expect(exchanges.map((e) => e.ping?.id)).toEqual(['ping:1', 'ping:2', 'ping:3']);
  });

  it('keeps a body that is not JSON as raw text, its parsed body undefined', async () => {
    await post('not json', signed('c', 'not json'));

    expect(exchanges).toEqual([expect.objectContaining({ raw: 'not json', body: undefined, status: 200 })]);
  });

  it('answers 413 to a body over the cap, without the policy or a report', async () => {
    policy = jest.fn(() => ACCEPTED);

    const response = await post('x'.repeat(5000), signed('d', 'x'));

    expect([response.status, await response.json()]).toEqual([413, { error: 'body too large' }]);
    expect(policy).not.toHaveBeenCalled();
    expect(exchanges).toEqual([]);
  });

  it('hangs when the policy says so: the request is reported with status null and never answered', async () => {
    policy = () => 'hang';
    const abort = new AbortController();

    const answered = post('{}', signed('e', '{}'), abort.signal).then(
      () => 'answered',
      () => 'aborted',
    );
    await waitUntil(() => exchanges.length === 1);
    abort.abort();

    expect(await answered).toBe('aborted');
    expect(exchanges[0].status).toBeNull();
  });

  it('answers 500 when the policy throws, and reports nothing', async () => {
    policy = () => {
      throw new Error('policy broke');
    };

    const response = await post('{}', signed('f', '{}'));

    expect(response.status).toBe(500);
    expect(exchanges).toEqual([]);
  });
});

async function waitUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}
