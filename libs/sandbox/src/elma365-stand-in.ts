import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type CheckedWebhookRequest,
  Elma365WebhookReceiver,
  FAILED_ANSWER,
  isVerified,
  jsonAnswer,
  type ModuleWebhookAnswers,
  sendAnswer,
  type WebhookAnswer,
} from './elma365-receiver';
import { LoopbackHttpServer } from './loopback-http-server';
import { ReceivedWebhooks } from './received-webhooks';
import { renderStandInPage } from './stand-in-page';

export interface Elma365StandInOptions {
  /** 0 = chosen by the OS */
  readonly port: number;
  /** the module token: Bearer token and HMAC key */
  readonly token: string;
  /** how many accepted webhooks are kept (default 200) */
  readonly keep?: number;
}

const ACCEPTED = jsonAnswer(200, {});
const NOT_JSON = jsonAnswer(400, { error: 'body is not JSON' });
const NOT_FOUND = jsonAnswer(404, { error: 'not found' });

/**
 * An ELMA365 telephony module stand-in on 127.0.0.1: `POST /webhook` checks the Bearer token and the Standard
 * Webhooks signature (401 otherwise), keeps the payload and answers 200 `{}` — a doctor's `ping` is answered as the
 * module answers it, and not kept: it never reaches a card; `GET /` shows what arrived;
 * `GET /api/received` returns it as JSON.
 */
export class Elma365StandIn {
  private constructor(
    private readonly http: LoopbackHttpServer,
    private readonly received: ReceivedWebhooks,
  ) {}

  static async start(options: Elma365StandInOptions): Promise<Elma365StandIn> {
    const received = new ReceivedWebhooks(options.keep);
    const receiver = new Elma365WebhookReceiver({
      token: options.token,
      moduleVersion: 'sandbox stand-in',
      policy: (request, module) => answerAsModule(request, module, received),
    });
    const http = await LoopbackHttpServer.start((request, response) => {
      try {
        route(request, response, receiver, received);
      } catch {
        sendAnswer(response, FAILED_ANSWER);
      }
    }, options.port);
    return new Elma365StandIn(http, received);
  }

  get port(): number {
    return this.http.port;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get webhookUrl(): string {
    return `${this.baseUrl}/webhook`;
  }

  get webhooks(): ReceivedWebhooks {
    return this.received;
  }

  close(): Promise<void> {
    return this.http.refuse();
  }
}

function route(
  request: IncomingMessage,
  response: ServerResponse,
  receiver: Elma365WebhookReceiver,
  received: ReceivedWebhooks,
): void {
  const path = new URL(request.url ?? '/', 'http://stand-in').pathname;
  if (request.method === 'POST' && path === '/webhook') return receiver.listener(request, response);
  if (request.method === 'GET' && path === '/') {
    const page = renderStandInPage(received.list(), received.refused);
    return sendAnswer(response, { status: 200, contentType: 'text/html; charset=utf-8', body: page });
  }
  if (request.method === 'GET' && path === '/api/received')
    return sendAnswer(response, jsonAnswer(200, received.list()));
  sendAnswer(response, NOT_FOUND);
}

/** Refuses what the module refuses, answers pings as it does; keeps every other webhook for the page. */
function answerAsModule(
  request: CheckedWebhookRequest,
  module: ModuleWebhookAnswers,
  received: ReceivedWebhooks,
): WebhookAnswer {
  if (!isVerified(request)) {
    received.refuse();
    return module.refusal(request);
  }
  if (request.body === undefined) return NOT_JSON;
  const ping = module.ping(request);
  if (ping !== undefined) return ping;
  received.add({
    receivedAt: new Date(request.receivedAtMs).toISOString(),
    id: request.signature.id,
    signature: 'valid',
    payload: request.body,
  });
  return ACCEPTED;
}
