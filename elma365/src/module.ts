// The ELMA365 telephony module's server scripts: ELMA365 calls these functions by name (CONTRACT.md §1.A).
import { callConnector, ConnectorUnreachableError } from './connector-client';
import { describeConnectorError, describeNotReady } from './connector-errors';
import { ModuleSettingsError, webhookToken } from './module-settings';
import { RecentWebhookIds } from './recent-webhook-ids';
import { authenticateWebhook } from './webhook-authentication';
import { parseWebhookPayload } from './webhook-payload-parser';

/** Originate answers once Asterisk queued the call, which may take a few seconds more than the other calls. */
const GENERATE_CALL_TIMEOUT_MS = 20_000;

const recentWebhookIds = new RecentWebhookIds(1000);

export async function VoipTestConnection(): Promise<VoipTestConnectionResult> {
  try {
    const health = await callConnector('GET', '/health/ready');
    if (health.status === 503) {
      return {
        success: false,
        failReason: `Коннектор не готов к работе, не работает: ${describeNotReady(health.body)}`,
      };
    }
    if (health.status !== 200)
      return { success: false, failReason: describeConnectorError(health.status, health.body) };
    // /health/ready needs no key: an authenticated call proves that apiKey is right.
    const extensions = await callConnector('GET', '/api/v1/extensions');
    if (extensions.status === 401 || extensions.status === 403) {
      return { success: false, failReason: describeConnectorError(extensions.status, extensions.body) };
    }
    return { success: true };
  } catch (error) {
    return { success: false, failReason: userMessage(error) };
  }
}

export async function VoipParseWebhookRequest(request: FetchRequest): Promise<VoipWebhookParseResult> {
  const token = webhookToken();
  if (token === '') {
    console.error('VoipParseWebhookRequest: the module setting webhookToken is empty, every webhook is refused');
    return { response: jsonResponse(401, { error: 'webhookToken is not configured in the module settings' }) };
  }
  const body = request.body ?? '';
  const authentication = authenticateWebhook(request.headers, body, token, Date.now());
  if (!authentication.ok) return { response: jsonResponse(401, { error: authentication.reason }) };
  // The connector resends a request whose answer it lost: answer 200 so it stops, but show nothing twice.
  if (recentWebhookIds.has(authentication.webhookId)) return { response: jsonResponse(200, { duplicate: true }) };

  const payload = parseWebhookPayload(body);
  if (!payload.ok) return { response: jsonResponse(400, { error: payload.error }) };
  if (payload.id !== authentication.webhookId) {
    return { response: jsonResponse(400, { error: 'webhook-id does not match the payload id' }) };
  }
  recentWebhookIds.add(payload.id);
  return 'event' in payload ? { event: payload.event } : { callRecord: payload.callRecord };
}

export async function VoipGetMembers(): Promise<VoipMember[]> {
  const response = await callConnector('GET', '/api/v1/extensions');
  if (response.status !== 200 || !Array.isArray(response.body)) {
    throw new Error(`Не удалось получить внутренние номера. ${describeConnectorError(response.status, response.body)}`);
  }
  return response.body.flatMap((item: unknown): VoipMember[] => {
    if (typeof item !== 'object' || item === null) return [];
    const { extension, name } = item as Record<string, unknown>;
    if (typeof extension !== 'string' || extension === '') return [];
    return [{ id: extension, label: typeof name === 'string' && name !== '' ? name : extension }];
  });
}

export async function VoipGenerateCall(srcPhone: string, dstPhone: string): Promise<void> {
  const response = await callConnector(
    'POST',
    '/api/v1/calls',
    { extension: srcPhone, phone: dstPhone },
    GENERATE_CALL_TIMEOUT_MS,
  );
  if (response.status >= 400) {
    throw new Error(
      `Не удалось позвонить с ${srcPhone} на ${dstPhone}. ${describeConnectorError(response.status, response.body)}`,
    );
  }
}

/** `callData` is the record's `call` (the connector's CallRecord), as ELMA365 stored it. */
export async function VoipGetCallLink(callData: unknown): Promise<string> {
  const callId = callIdOf(callData);
  if (callId === undefined) return '';
  const response = await callConnector('POST', `/api/v1/calls/${encodeURIComponent(callId)}/recording-link`);
  if (response.status === 404) return '';
  const url = (response.body as { url?: unknown } | undefined)?.url;
  if (response.status !== 200 || typeof url !== 'string') {
    throw new Error(`Не удалось получить запись звонка. ${describeConnectorError(response.status, response.body)}`);
  }
  return url;
}

/**
 * Pushes the new webhook URL to the connector. Connector versions without this endpoint answer 404: that is logged
 * and tolerated (the admin sets ELMA365_WEBHOOK_URL by hand); any other failure is thrown so the admin sees it.
 */
export async function VoipOnWebhookUpdated(webhookUrl: string): Promise<void> {
  const response = await callConnector('PUT', '/api/v1/settings/elma365-webhook', { url: webhookUrl });
  if (response.status === 404) {
    console.log(
      `VoipOnWebhookUpdated: коннектор этой версии не принимает новый адрес webhook; задайте ELMA365_WEBHOOK_URL=${webhookUrl} вручную`,
    );
    return;
  }
  if (response.status >= 400) {
    throw new Error(
      `Не удалось передать коннектору новый адрес webhook. ${describeConnectorError(response.status, response.body)}`,
    );
  }
}

function jsonResponse(status: number, body: unknown): HttpResponse {
  return new HttpResponse().status(status).json(body);
}

function callIdOf(callData: unknown): string | undefined {
  if (typeof callData !== 'object' || callData === null) return undefined;
  const { callId, recording } = callData as Record<string, unknown>;
  // No file name in the record means Asterisk recorded nothing: no need to ask the connector.
  if (recording === null) return undefined;
  return typeof callId === 'string' && callId !== '' ? callId : undefined;
}

function userMessage(error: unknown): string {
  if (error instanceof ConnectorUnreachableError || error instanceof ModuleSettingsError) return error.message;
  return `Ошибка модуля телефонии: ${error instanceof Error ? error.message : String(error)}`;
}
