import type { ModulePingAnswerV1 } from '@app/elma365';
import { judgeWebhookPings, pingAnswerOf, type PingedUrl } from './webhook-ping.judge';
import type { WebhookPingOutcome } from './webhook-ping.sender';

const URL_SHOWN: PingedUrl = { shown: 'https://company.elma365.ru/api/***', source: 'environment' };

function answer(id: string, previousPingId: string | null): string {
  const body: ModulePingAnswerV1 = {
    pong: true,
    id,
    moduleVersion: '0.2.0',
    verificationMode: 'token',
    headerNames: ['authorization', 'content-type'],
    bodyType: 'string',
    sdk: { VoipWebhookEvent: { NotifyStart: 'notify_start' }, VoipCallDirection: null, VoipCallDisposition: null },
    previousPingId,
  };
  return JSON.stringify(body);
}

const answered = (id: string, status: number, text: string): WebhookPingOutcome => ({
  kind: 'answered',
  id,
  status,
  text,
});

describe(judgeWebhookPings.name, () => {
  it('fails on no answer, with where it pinged', () => {
    const sut = judgeWebhookPings;
    const first: WebhookPingOutcome = { kind: 'unreachable', id: 'ping:1', reason: 'ECONNREFUSED' };
    const [check] = sut(URL_SHOWN, first, first);
    expect(check.ok).toBe(false);
    expect(check.detail).toContain('ECONNREFUSED');
    expect(check.detail).toContain('ELMA365_WEBHOOK_URL');
  });

  it("fails on 401 with the module's refusal text and the token/mode fix", () => {
    const sut = judgeWebhookPings;
    const refusal = answered('ping:1', 401, 'refused: bad_token; headers: content-type; mode url would accept');
    const checks = sut({ ...URL_SHOWN, source: 'stored' }, refusal, refusal);
    expect(checks).toHaveLength(1);
    expect(checks[0].ok).toBe(false);
    expect(checks[0].detail).toContain('HTTP 401: refused: bad_token; headers: content-type; mode url would accept');
    expect(checks[0].detail).toContain('pushed by ELMA365');
    expect(checks[0].fix).toContain('ELMA365_WEBHOOK_TOKEN');
    expect(checks[0].fix).toContain('verificationMode');
  });

  it('passes a 200 that is no ping answer, saying ELMA365 does not relay it', () => {
    const sut = judgeWebhookPings;
    const [check, ...rest] = sut(URL_SHOWN, answered('ping:1', 200, '{}'), answered('ping:2', 200, '{}'));
    expect(check.ok).toBe(true);
    expect(check.detail).toContain('does not relay');
    expect(check.detail).toContain('ping:1');
    expect(rest).toEqual([]);
  });

  it('reports the module facts one line each, and that state survives', () => {
    const sut = judgeWebhookPings;
    const checks = sut(
      URL_SHOWN,
      answered('ping:1', 200, answer('ping:1', null)),
      answered('ping:2', 200, answer('ping:2', 'ping:1')),
    );
    expect(checks.map((c) => c.id)).toEqual([
      'elma365.webhook',
      'elma365.module.version',
      'elma365.module.verification-mode',
      'elma365.module.headers',
      'elma365.module.body-type',
      'elma365.module.sdk',
      'elma365.module.state',
    ]);
    expect(checks.every((c) => c.ok)).toBe(true);
    expect(checks[2].detail).toBe('token');
    expect(checks[3].detail).toBe('authorization, content-type');
    expect(checks[5].detail).toContain('NotifyStart=notify_start');
    expect(checks[5].detail).toContain('VoipCallDirection: not defined');
    expect(checks[6].detail).toMatch(/^yes/);
  });

  it('says what it means when module state does not survive (informational)', () => {
    const sut = judgeWebhookPings;
    const checks = sut(
      URL_SHOWN,
      answered('ping:1', 200, answer('ping:1', null)),
      answered('ping:2', 200, answer('ping:2', null)),
    );
    const state = checks.find((c) => c.id === 'elma365.module.state');
    expect(state?.ok).toBe(true);
    expect(state?.detail).toMatch(/^no/);
    expect(state?.detail).toContain('card may show twice');
  });
});

describe(pingAnswerOf.name, () => {
  it('takes only an answer to this ping', () => {
    const sut = pingAnswerOf;
    expect(sut(answer('ping:1', null), 'ping:1')?.moduleVersion).toBe('0.2.0');
    expect(sut(answer('ping:1', null), 'ping:2')).toBeUndefined();
    expect(sut('not json', 'ping:1')).toBeUndefined();
  });
});
