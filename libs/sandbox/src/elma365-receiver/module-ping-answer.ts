import type { ModulePingAnswerV1, WebhookPingPayloadV1 } from '@app/elma365';

/** The doctor's `ping` payload, or undefined for anything else. */
export function pingPayloadOf(payload: unknown): WebhookPingPayloadV1 | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const ping = payload as Partial<WebhookPingPayloadV1>;
  return ping.kind === 'ping' && typeof ping.id === 'string' ? (ping as WebhookPingPayloadV1) : undefined;
}

/**
 * Answers pings as the module's `VoipParseWebhookRequest` does, remembering the last ping id the way the module's
 * module-level state does (this process never loses it). The SDK values are the ones the SDK reference publishes;
 * the others are unknown, so a stand-in reports them as missing.
 */
export class ModulePingResponder {
  private previousPingId: string | null = null;

  constructor(private readonly moduleVersion: string) {}

  answer(ping: WebhookPingPayloadV1, headers: Readonly<Record<string, unknown>>): ModulePingAnswerV1 {
    const answer: ModulePingAnswerV1 = {
      pong: true,
      id: ping.id,
      moduleVersion: this.moduleVersion,
      verificationMode: 'signature',
      headerNames: Object.keys(headers)
        .map((name) => name.toLowerCase())
        .sort(),
      bodyType: 'string',
      sdk: {
        VoipWebhookEvent: null,
        VoipCallDirection: { In: 'in', Out: 'out', Internal: 'internal' },
        VoipCallDisposition: null,
      },
      previousPingId: this.previousPingId,
    };
    this.previousPingId = ping.id;
    return answer;
  }
}
