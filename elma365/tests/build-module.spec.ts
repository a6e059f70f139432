import { createContext, runInContext } from 'node:vm';
import ts from 'typescript';
import { signWebhook } from '../../libs/elma365/src/webhook-signature';
import { buildModuleSource } from '../build-module';
import { CONNECTOR_URL, FakeHttpResponse, jsonResponse, WEBHOOK_TOKEN } from './elma365-globals';

interface PastedModule {
  VoipTestConnection(): Promise<VoipTestConnectionResult>;
  VoipParseWebhookRequest(request: FetchRequest): Promise<VoipWebhookParseResult>;
  VoipGetMembers(): Promise<VoipMember[]>;
}

/** Runs the generated file the way ELMA365 would: one script, with only ELMA365's globals around it. */
function loadPastedModule(fetchMock: jest.Mock): PastedModule {
  const javascript = ts.transpileModule(buildModuleSource(), {
    compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.None },
  }).outputText;
  const context = createContext({
    Namespace: { params: { data: { connectorUrl: CONNECTOR_URL, apiKey: 'key', webhookToken: WEBHOOK_TOKEN } } },
    HttpResponse: FakeHttpResponse,
    fetch: fetchMock,
    console,
    setTimeout,
    clearTimeout,
  });
  return runInContext(
    `${javascript}\n;({ VoipTestConnection, VoipParseWebhookRequest, VoipGetMembers, VoipGenerateCall, VoipGetCallLink, VoipOnWebhookUpdated })`,
    context,
  ) as PastedModule;
}

describe('the file pasted into ELMA365 (build-module)', () => {
  const sut = buildModuleSource;

  it('has no imports or exports and defines every Voip* function', () => {
    const source = sut();

    expect(source).not.toMatch(/^(import|export)\b/m);
    for (const name of [
      'VoipTestConnection',
      'VoipParseWebhookRequest',
      'VoipGetMembers',
      'VoipGenerateCall',
      'VoipGetCallLink',
      'VoipOnWebhookUpdated',
    ]) {
      expect(source).toContain(`async function ${name}(`);
    }
  });

  it('runs on its own, without AbortController, TextEncoder or crypto', async () => {
    const fetchMock = jest.fn(async () => jsonResponse(200, [{ extension: '101', name: 'Анна' }]));
    const pasted = loadPastedModule(fetchMock);
    const body = JSON.stringify({
      version: 1,
      id: 'office:1.1#record',
      kind: 'record',
      callId: 'office:1.1',
      pbxId: 'office',
      record: {
        srcPhone: '+79161234567',
        dstPhone: '101',
        direction: 'in',
        disposition: 'NoAnswer',
        duration: 0,
        callId: 'office:1.1',
        call: { callId: 'office:1.1', recording: null },
      },
    });
    const headers = signWebhook({
      id: 'office:1.1#record',
      body,
      token: WEBHOOK_TOKEN,
      timestampSeconds: Date.now() / 1000,
    });

    await expect(pasted.VoipGetMembers()).resolves.toEqual([{ id: '101', label: 'Анна' }]);
    await expect(pasted.VoipTestConnection()).resolves.toEqual({ success: true });
    const parsed = await pasted.VoipParseWebhookRequest({ body, headers });
    expect(parsed.callRecord).toMatchObject({ callId: 'office:1.1', disposition: 'NoAnswer' });
  });
});
