import type { ModulePingAnswerV1 } from '@app/elma365';
import { type DiagnosticCheck, failed, passed } from './diagnostic-check';
import type { WebhookPingOutcome } from './webhook-ping.sender';

/** Which URL was pinged: the one ELMA365 pushed (stored), or ELMA365_WEBHOOK_URL. */
export interface PingedUrl {
  /** masked: query values and long path segments hidden */
  readonly shown: string;
  readonly source: 'stored' | 'environment';
}

const TOKEN_FIX =
  'the token differs: ELMA365_WEBHOOK_TOKEN must equal the Token of "Настройки телефонии" and the module\'s ' +
  "webhookToken setting; if they are equal, ELMA365 does not pass the headers on: set the module's verificationMode " +
  'to the mode its refusal names (token, or url)';

/**
 * Two pings in a row: the first answer says whether the module is reached and accepts the connector's requests;
 * a module's ping answer tells the facts of the customer's ELMA365 (one line each); the second answer whether
 * module-level state survives between invocations.
 */
export function judgeWebhookPings(
  url: PingedUrl,
  first: WebhookPingOutcome,
  second: WebhookPingOutcome,
): DiagnosticCheck[] {
  const heading = { id: 'elma365.webhook', title: 'ELMA365 webhook answers a signed ping' };
  const from = `${url.shown} (${url.source === 'stored' ? 'pushed by ELMA365, stored' : 'ELMA365_WEBHOOK_URL'})`;
  if (first.kind === 'unreachable') {
    return [
      failed(
        heading,
        `${from}: ${first.reason}`,
        'check the URL (copy it again from "Настройки телефонии"), DNS, the proxy and firewall between the connector and ELMA365',
      ),
    ];
  }
  if (first.status === 401 || first.status === 403) {
    const refusal = refusalText(first.text);
    return [failed(heading, `${from}: HTTP ${first.status}${refusal ? `: ${refusal}` : ''}`, TOKEN_FIX)];
  }
  if (first.status < 200 || first.status >= 300) {
    return [
      failed(
        heading,
        `${from}: HTTP ${first.status}${first.text ? `: ${first.text.slice(0, 200)}` : ''}`,
        first.status === 404
          ? 'the link is old (ELMA365 changes it when the token is refreshed): copy it again from "Настройки телефонии", or let the module push it (VoipOnWebhookUpdated)'
          : "look at the module's log in ELMA365 for this ping and at ELMA365's status; run the doctor again",
      ),
    ];
  }
  const answer = pingAnswerOf(first.text, first.id);
  if (answer === undefined) {
    return [
      passed(
        heading,
        `${from}: HTTP ${first.status}, but the body is not the module's ping answer: ELMA365 does not relay what the ` +
          `script answers, so the module's facts cannot be read here — its log has a line for ping ${first.id}`,
      ),
    ];
  }
  return [
    passed(heading, `${from}: HTTP ${first.status}, the module answered the ping`),
    ...moduleFacts(answer, first.id, second),
  ];
}

function moduleFacts(answer: ModulePingAnswerV1, firstId: string, second: WebhookPingOutcome): DiagnosticCheck[] {
  const fact = (id: string, title: string, detail: string): DiagnosticCheck =>
    passed({ id: `elma365.module.${id}`, title }, detail);
  return [
    fact('version', 'ELMA365 module version', answer.moduleVersion),
    fact('verification-mode', 'ELMA365 module verification mode', answer.verificationMode),
    fact(
      'headers',
      'Request headers that reach the module script',
      answer.headerNames.length === 0 ? 'none' : answer.headerNames.join(', '),
    ),
    fact('body-type', 'Request body type in the module script', answer.bodyType),
    fact('sdk', 'ELMA365 SDK enum values at run time', sdkText(answer.sdk)),
    stateSurvives(firstId, second),
  ];
}

/**
 * Informational either way: whether ELMA365 keeps a script's module-level state is the platform's choice, nothing
 * the installer can change, so a ✗ would leave the doctor red for ever. The consequence is stated instead.
 */
function stateSurvives(firstId: string, second: WebhookPingOutcome): DiagnosticCheck {
  const heading = { id: 'elma365.module.state', title: 'ELMA365 module state survives between invocations' };
  const previous = second.kind === 'answered' ? pingAnswerOf(second.text, second.id)?.previousPingId : undefined;
  if (previous === firstId) return passed(heading, "yes: the second ping reported the first one's id");
  const seen =
    previous === undefined ? 'the second ping got no ping answer' : `the second ping reported ${previous ?? 'none'}`;
  return passed(
    heading,
    `no (${seen}): the module's duplicate filter cannot drop a request the connector resends after a crash, so a ` +
      'call card may show twice in that rare case; nothing to change, informational',
  );
}

function sdkText(sdk: ModulePingAnswerV1['sdk']): string {
  return Object.entries(sdk)
    .map(([name, values]) =>
      values === null
        ? `${name}: not defined (member names are sent)`
        : `${name}: ${Object.entries(values)
            .map(([member, value]) => `${member}=${value}`)
            .join(' ')}`,
    )
    .join('; ');
}

/** The module's answer to this ping, or undefined when the body is something else. */
export function pingAnswerOf(text: string, id: string): ModulePingAnswerV1 | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const answer = body as Partial<ModulePingAnswerV1>;
  const valid =
    answer.pong === true &&
    answer.id === id &&
    typeof answer.moduleVersion === 'string' &&
    typeof answer.verificationMode === 'string' &&
    Array.isArray(answer.headerNames) &&
    typeof answer.bodyType === 'string' &&
    typeof answer.sdk === 'object' &&
    answer.sdk !== null &&
    (answer.previousPingId === null || typeof answer.previousPingId === 'string');
  return valid ? (answer as ModulePingAnswerV1) : undefined;
}

/** `{"error":"…"}` or plain text, cut short. */
function refusalText(text: string): string {
  let refusal = text;
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string') {
      refusal = (body as { error: string }).error;
    }
  } catch {
    // not JSON: the module answers plain text (HttpResponse.content)
  }
  return refusal.trim().slice(0, 500);
}
