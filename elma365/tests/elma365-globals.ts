// Stand-ins for what ELMA365 gives its server scripts: module settings, HttpResponse and fetch.

export class FakeHttpResponse {
  statusCode = 200;
  body: unknown;

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  json(body: unknown): this {
    this.body = body;
    return this;
  }

  content(body: string): this {
    this.body = body;
    return this;
  }
}

export const CONNECTOR_URL = 'https://connector.example.ru';
export const API_KEY = 'k3y-for-elma365-module-xxxx';
export const WEBHOOK_TOKEN = 's3cret-token';

export type FetchMock = jest.Mock<Promise<Response>, [string, RequestInit | undefined]>;

interface Elma365Globals {
  Namespace: { params: { data: Elma365TelephonyModuleSettings } };
  HttpResponse: typeof FakeHttpResponse;
  fetch: FetchMock;
}

/** Installs the globals on `globalThis` (the scripts read them at call time) and returns the fetch mock. */
export function installElma365Globals(settings: Elma365TelephonyModuleSettings = {}): FetchMock {
  const fetchMock: FetchMock = jest.fn();
  const globals = globalThis as unknown as Elma365Globals;
  globals.Namespace = {
    params: { data: { connectorUrl: CONNECTOR_URL, apiKey: API_KEY, webhookToken: WEBHOOK_TOKEN, ...settings } },
  };
  globals.HttpResponse = FakeHttpResponse;
  globals.fetch = fetchMock;
  return fetchMock;
}

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** The FakeHttpResponse behind a parse result's `response`. */
export function fakeResponse(response: HttpResponse | undefined): FakeHttpResponse {
  if (!(response instanceof FakeHttpResponse)) throw new Error('expected an HttpResponse');
  return response;
}
