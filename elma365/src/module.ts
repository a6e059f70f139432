// The ELMA365 telephony module's server scripts: ELMA365 calls these functions by name (CONTRACT.md §1.A).
import { callConnector, ConnectorUnreachableError } from './connector-client';
import { describeConnectorError, describeNotReady } from './connector-errors';
import { capFailReason, describeFailedChecks, readDiagnostics } from './connector-diagnostics';
import { textAnswer } from './http-answer';
import { ModuleSettingsError, verificationModeSetting, webhookSettingsProblems, webhookToken } from './module-settings';
import { pingAnswer } from './ping-answer';
import { RecentWebhookIds } from './recent-webhook-ids';
import { authenticateWebhook, modesThatWouldAccept } from './webhook-authentication';
import { parseWebhookPayload } from './webhook-payload-parser';
import { refuseWebhook, rejectBodyType } from './webhook-refusal';
import { seeWebhookRequest } from './webhook-request';

/** Originate answers once Asterisk queued the call, which may take a few seconds more than the other calls. */
const GENERATE_CALL_TIMEOUT_MS = 20_000;

/** The self-check logs in to every PBX and pings this very module: it may take longer than a plain call. */
const DIAGNOSTICS_TIMEOUT_MS = 30_000;

const recentWebhookIds = new RecentWebhookIds(1000);

/** The last ping this script runtime answered: the doctor's second ping tells whether module state survives. */
let previousPingId: string | null = null;

export async function VoipTestConnection(): Promise<VoipTestConnectionResult> {
  const settings = webhookSettingsProblems().map((problem) => `Настройки модуля: ${problem}.`);
  let connector: string | undefined;
  try {
    connector = await connectorProblem();
  } catch (error) {
    connector = userMessage(error);
  }
  const reasons = connector === undefined ? settings : [...settings, connector];
  return reasons.length === 0 ? { success: true } : { success: false, failReason: capFailReason(reasons.join(' ')) };
}

/** The connector's self-check; a connector older than it (404) gets the health and API key checks of before. */
async function connectorProblem(): Promise<string | undefined> {
  const diagnostics = await callConnector('GET', '/api/v1/diagnostics', undefined, DIAGNOSTICS_TIMEOUT_MS);
  if (diagnostics.status === 404) return legacyConnectorProblem();
  const report = readDiagnostics(diagnostics.body);
  if (report !== undefined) return report.ok ? undefined : describeFailedChecks(report);
  if (diagnostics.status === 200) {
    return 'Коннектор ответил на /api/v1/diagnostics непонятным ответом: проверьте, что connectorUrl ведёт на коннектор';
  }
  return describeConnectorError(diagnostics.status, diagnostics.body);
}

async function legacyConnectorProblem(): Promise<string | undefined> {
  const health = await callConnector('GET', '/health/ready');
  if (health.status === 503) return `Коннектор не готов к работе, не работает: ${describeNotReady(health.body)}`;
  if (health.status !== 200) return describeConnectorError(health.status, health.body);
  // /health/ready needs no key: an authenticated call proves that apiKey is right.
  const extensions = await callConnector('GET', '/api/v1/extensions');
  if (extensions.status === 401 || extensions.status === 403) {
    return describeConnectorError(extensions.status, extensions.body);
  }
  return undefined;
}

export async function VoipParseWebhookRequest(request: FetchRequest): Promise<VoipWebhookParseResult> {
  const seen = seeWebhookRequest(request);
  const mode = verificationModeSetting();
  const token = webhookToken();
  const nowMs = Date.now();
  if (!mode.ok) {
    return refuseWebhook(seen, {
      error: 'unknown_verification_mode',
      detail: `the module setting verificationMode ${mode.shown} is none of signature, token, url`,
      verificationMode: mode.shown,
      wouldAccept: typeof seen.body === 'string' ? modesThatWouldAccept(seen.headers, seen.body, token, nowMs) : [],
    });
  }
  if (typeof seen.body !== 'string') return rejectBodyType(seen);
  const body = seen.body;

  const authentication = authenticateWebhook(mode.mode, seen.headers, body, token, nowMs);
  if (!authentication.ok) {
    return refuseWebhook(seen, {
      error: authentication.error,
      detail: authentication.detail,
      verificationMode: mode.mode,
      wouldAccept: modesThatWouldAccept(seen.headers, body, token, nowMs),
    });
  }
  const payload = parseWebhookPayload(body);
  if (!payload.ok) return { response: textAnswer(400, { error: payload.error }) };
  if (authentication.webhookId !== undefined && authentication.webhookId !== payload.id) {
    return { response: textAnswer(400, { error: 'webhook-id does not match the payload id' }) };
  }
  if (payload.kind === 'ping') {
    const answer = pingAnswer(payload.id, mode.mode, seen, previousPingId);
    previousPingId = payload.id;
    console.log(`VoipParseWebhookRequest ping answered: ${JSON.stringify(answer)}`);
    return { response: textAnswer(200, answer) };
  }
  // The connector resends a request whose answer it lost: answer 200 so it stops, but show nothing twice.
  if (recentWebhookIds.has(payload.id)) return { response: textAnswer(200, { duplicate: true, id: payload.id }) };
  recentWebhookIds.add(payload.id);
  return payload.kind === 'event' ? { event: payload.event } : { callRecord: payload.callRecord };
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
