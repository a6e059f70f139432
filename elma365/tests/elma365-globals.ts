// Stand-ins for what ELMA365 gives its server scripts: module settings, the SDK (HttpResponse, the Voip* enums)
// and fetch, installed as globals because the scripts read them at call time.
import { standInSdkGlobals } from '../../libs/testing/src/elma365-sdk-stand-in';

export {
  sentAnswer,
  sentJson,
  STAND_IN_VOIP_CALL_DIRECTION as DIRECTION,
  STAND_IN_VOIP_CALL_DISPOSITION as DISPOSITION,
  STAND_IN_VOIP_WEBHOOK_EVENT as EVENT,
} from '../../libs/testing/src/elma365-sdk-stand-in';

export const CONNECTOR_URL = 'https://connector.example.ru';
export const API_KEY = 'k3y-for-elma365-module-xxxx';
export const WEBHOOK_TOKEN = 's3cret-token';

export type FetchMock = jest.Mock<Promise<Response>, [string, RequestInit | undefined]>;

const SDK_ENUM_NAMES = ['VoipWebhookEvent', 'VoipCallDirection', 'VoipCallDisposition'] as const;

/** Installs the globals on `globalThis` and returns the fetch mock. */
export function installElma365Globals(settings: Elma365TelephonyModuleSettings = {}): FetchMock {
  const fetchMock: FetchMock = jest.fn();
  Object.assign(globalThis, standInSdkGlobals(), {
    Namespace: {
      params: { data: { connectorUrl: CONNECTOR_URL, apiKey: API_KEY, webhookToken: WEBHOOK_TOKEN, ...settings } },
    },
    fetch: fetchMock,
  });
  return fetchMock;
}

/** As on an ELMA365 without these enums (SDKs differ); `installElma365Globals` brings them back. */
export function removeSdkEnums(): void {
  for (const name of SDK_ENUM_NAMES) Reflect.deleteProperty(globalThis, name);
}

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}
