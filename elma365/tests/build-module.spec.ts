import { signWebhook } from '../../libs/elma365/src/webhook/webhook-signature';
import {
  loadPastedModule,
  type PastedModuleOptions,
  VOIP_FUNCTION_NAMES,
} from '../../libs/testing/src/elma365-module-host';
import { buildModuleSource } from '../build-module';
import {
  CONNECTOR_URL,
  DIRECTION,
  DISPOSITION,
  EVENT,
  jsonResponse,
  sentAnswer,
  sentJson,
  WEBHOOK_TOKEN,
} from './elma365-globals';
import { eventPayload, pingPayload, recordPayload, type JsonObject } from './webhook-requests';

const settings = { connectorUrl: CONNECTOR_URL, apiKey: 'key', webhookToken: WEBHOOK_TOKEN };

function signed(payload: JsonObject): { method: string; body: string; headers: Record<string, string> } {
  const body = JSON.stringify(payload);
  const headers = signWebhook({
    id: String(payload.id),
    body,
    token: WEBHOOK_TOKEN,
    timestampSeconds: Date.now() / 1000,
  });
  return { method: 'POST', body, headers };
}

function load(options: Partial<PastedModuleOptions> = {}): ReturnType<typeof loadPastedModule> {
  const quiet = { log: jest.fn(), error: jest.fn(), warn: jest.fn() };
  return loadPastedModule({ settings, console: quiet, ...options });
}

describe('the file pasted into ELMA365 (build-module)', () => {
  const sut = buildModuleSource;

  it('has no imports or exports, defines every Voip* function and never calls json() on an answer', () => {
    const source = sut();

    expect(source).not.toMatch(/^(import|export)\b/m);
    expect(source).not.toContain('.json(');
    for (const name of VOIP_FUNCTION_NAMES) {
      expect(source).toContain(`async function ${name}(`);
    }
  });

  it('runs on its own in a bare vm with the stand-in SDK, without AbortController, TextEncoder or crypto', async () => {
    const fetchMock = jest
      .fn()
      .mockResolvedValueOnce(jsonResponse(200, [{ extension: '101', name: 'Анна' }]))
      .mockResolvedValueOnce(jsonResponse(200, { ok: true, checkedAt: '', checks: [] }));
    const pasted = load({ fetch: fetchMock });
    const record = recordPayload('office:1.1#record', { disposition: 'NoAnswer', duration: 0 });

    await expect(pasted.VoipGetMembers()).resolves.toEqual([{ id: '101', label: 'Анна' }]);
    await expect(pasted.VoipTestConnection()).resolves.toEqual({ success: true });
    const parsed = await pasted.VoipParseWebhookRequest(signed(record));

    expect(parsed.callRecord).toMatchObject({ direction: DIRECTION.In, disposition: DISPOSITION.NoAnswer });
  });

  it('answers a refused request with status() and content() only, never throwing', async () => {
    const pasted = load();

    const result = await pasted.VoipParseWebhookRequest({ method: 'POST', body: '{}', headers: {} });

    expect(sentAnswer(result.response).status).toBe(401);
    expect(sentJson(result.response)).toMatchObject({ error: 'missing_authorization', headerNames: [] });
  });

  it('reads the enums when ELMA365 declares them as global lexical bindings, not globalThis properties', async () => {
    const pasted = load({ sdkEnums: 'lexical' });

    const result = await pasted.VoipParseWebhookRequest(signed(eventPayload('office:2.2#1')));

    expect(result.event).toMatchObject({
      event: EVENT.NotifyStart,
      direction: DIRECTION.In,
      disposition: DISPOSITION.Unknown,
    });
  });

  it('falls back to the member names where the enums do not exist', async () => {
    const pasted = load({ sdkEnums: 'none' });

    const result = await pasted.VoipParseWebhookRequest(signed(eventPayload('office:3.3#1')));

    expect(result.event).toMatchObject({ event: 'NotifyStart', direction: 'in', disposition: 'Unknown' });
  });

  it('remembers the previous ping across calls of one loaded script', async () => {
    const pasted = load();
    const first = pingPayload();
    const second = pingPayload();

    const one = await pasted.VoipParseWebhookRequest(signed(first));
    const two = await pasted.VoipParseWebhookRequest(signed(second));

    expect(sentJson(one.response)).toMatchObject({ previousPingId: null, sdk: { VoipWebhookEvent: EVENT } });
    expect(sentJson(two.response)).toMatchObject({ previousPingId: first.id });
  });
});
