import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { checkWebhookRequest, type CheckedWebhookRequest, type WebhookChecks } from './checked-webhook-request';
import { ModuleWebhookAnswers } from './module-webhook-answers';
import { readCappedBody } from './request-text';
import { FAILED_ANSWER, jsonAnswer, sendAnswer, type WebhookAnswer } from './webhook-answer';

/** What to answer to a checked request; `hang`: read it, never answer (the connection stays open until closed). */
export type WebhookAnswerPolicy = (
  request: CheckedWebhookRequest,
  module: ModuleWebhookAnswers,
) => WebhookAnswer | 'hang';

/** A request with what was answered to it. */
export interface WebhookExchange extends CheckedWebhookRequest {
  /** null: never answered (the policy hung) */
  readonly status: number | null;
}

export interface Elma365WebhookReceiverOptions extends WebhookChecks {
  /** what a ping answer names as `moduleVersion` */
  readonly moduleVersion: string;
  /** a longer body is answered 413 and goes no further (default 1 MiB) */
  readonly maxBodyBytes?: number;
  readonly policy: WebhookAnswerPolicy;
  /** told of every request the policy saw, once its answer is sent */
  readonly onExchange?: (exchange: WebhookExchange) => void;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const BODY_TOO_LARGE = jsonAnswer(413, { error: 'body too large' });

/**
 * The ELMA365 module's webhook as every stand-in receives it: reads the body (capped), checks the Bearer token and
 * the Standard Webhooks signature, lets the policy answer (with the module's own refusal and ping answer at hand)
 * and reports each exchange with its verdicts. Serves no port itself: `listener` goes into an HTTP server or route.
 */
export class Elma365WebhookReceiver {
  private readonly module: ModuleWebhookAnswers;

  constructor(private readonly options: Elma365WebhookReceiverOptions) {
    this.module = new ModuleWebhookAnswers(options.moduleVersion);
  }

  readonly listener: RequestListener = (request, response) => {
    this.receive(request, response).catch(() => sendAnswer(response, FAILED_ANSWER));
  };

  private async receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readCappedBody(request, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    if (raw === undefined) return sendAnswer(response, BODY_TOO_LARGE);
    const checked = checkWebhookRequest(request, raw, this.options);
    const answer = this.options.policy(checked, this.module);
    if (answer !== 'hang') sendAnswer(response, answer);
    // Reported after the answer is sent, so an observer never sees a request without its answer.
    this.options.onExchange?.({ ...checked, status: answer === 'hang' ? null : answer.status });
  }
}
