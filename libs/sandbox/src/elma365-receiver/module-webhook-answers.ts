import { type CheckedWebhookRequest, isVerified } from './checked-webhook-request';
import { ModulePingResponder } from './module-ping-answer';
import { jsonAnswer, type WebhookAnswer } from './webhook-answer';

/** The answers the telephony module gives, for a stand-in's policy to use where it answers as the module. */
export class ModuleWebhookAnswers {
  private readonly pings: ModulePingResponder;

  constructor(moduleVersion: string) {
    this.pings = new ModulePingResponder(moduleVersion);
  }

  /** The 401 for a request that is not `isVerified`: the failed check and the header names, never their values. */
  refusal(request: CheckedWebhookRequest): WebhookAnswer {
    const reason = request.signature.valid ? 'bad_token' : request.signature.reason;
    const arrived = Object.keys(request.headers).sort().join(', ');
    return jsonAnswer(401, { error: `${reason}; headers: ${arrived}` });
  }

  /** A ping answered as the module answers it: its refusal, else 200 with the ping answer; undefined for no ping. */
  ping(request: CheckedWebhookRequest): WebhookAnswer | undefined {
    if (request.ping === undefined) return undefined;
    if (!isVerified(request)) return this.refusal(request);
    return jsonAnswer(200, this.pings.answer(request.ping, request.headers));
  }
}
