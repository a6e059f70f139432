import { connectorSettings } from './module-settings';

/** ELMA365 aborts a script after 60 s: every call to the connector gives up well before that. */
export const CONNECTOR_TIMEOUT_MS = 10_000;

export interface ConnectorResponse {
  status: number;
  /** the parsed JSON body, or undefined when there was none or it was not JSON */
  body: unknown;
}

/** The connector could not be reached or did not answer in time; the message is in Russian, for the user. */
export class ConnectorUnreachableError extends Error {}

export async function callConnector(
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
  timeoutMs = CONNECTOR_TIMEOUT_MS,
): Promise<ConnectorResponse> {
  const { connectorUrl, apiKey } = connectorSettings();
  const url = connectorUrl + path;
  const headers: Record<string, string> = { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  // AbortController may be missing in the script runtime: then the timer still frees the script, the request idles.
  const abort = typeof AbortController === 'function' ? new AbortController() : undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      abort?.abort();
      reject(new ConnectorUnreachableError(`Коннектор ${connectorUrl} не ответил за ${timeoutMs / 1000} с`));
    }, timeoutMs);
  });
  try {
    const request = fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: abort?.signal,
    }).then(async (response) => ({ status: response.status, body: await jsonOrUndefined(response) }));
    return await Promise.race([request, timeout]);
  } catch (error) {
    if (error instanceof ConnectorUnreachableError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConnectorUnreachableError(`Нет связи с коннектором ${connectorUrl}: ${reason}`);
  } finally {
    clearTimeout(timer);
  }
}

async function jsonOrUndefined(response: { text(): Promise<string> }): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (_error) {
    return undefined;
  }
}
