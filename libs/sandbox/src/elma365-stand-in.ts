import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { verifyBearerToken, verifyWebhook } from '@app/elma365';
import { ModulePingResponder, pingPayloadOf } from './module-ping-answer';
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

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * An ELMA365 telephony module stand-in on 127.0.0.1: `POST /webhook` checks the Bearer token and the Standard
 * Webhooks signature (401 otherwise), keeps the payload and answers 200 `{}` — a doctor's `ping` is answered as the
 * module answers it, and not kept: it never reaches a card; `GET /` shows what arrived;
 * `GET /api/received` returns it as JSON.
 */
export class Elma365StandIn {
  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly received: ReceivedWebhooks,
  ) {}

  static async start(options: Elma365StandInOptions): Promise<Elma365StandIn> {
    const received = new ReceivedWebhooks(options.keep);
    const pings = new ModulePingResponder('sandbox stand-in');
    const server = createServer((request, response) => {
      handle(request, response, options.token, received, pings).catch(() =>
        reply(response, 500, 'text/plain', 'error'),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new Elma365StandIn(server, (server.address() as AddressInfo).port, received);
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

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  token: string,
  received: ReceivedWebhooks,
  pings: ModulePingResponder,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://stand-in').pathname;
  if (request.method === 'GET' && path === '/') {
    return reply(response, 200, 'text/html; charset=utf-8', renderStandInPage(received.list(), received.refused));
  }
  if (request.method === 'GET' && path === '/api/received') {
    return reply(response, 200, 'application/json', JSON.stringify(received.list()));
  }
  if (request.method === 'POST' && path === '/webhook') {
    const body = await readBody(request);
    if (body === undefined) return reply(response, 413, 'application/json', '{"error":"body too large"}');
    const check = verifyWebhook(request.headers, body, token);
    if (!verifyBearerToken(request.headers, token) || !check.valid) {
      received.refuse();
      const reason = check.valid ? 'bad_token' : check.reason;
      const arrived = Object.keys(request.headers).sort().join(', ');
      return reply(response, 401, 'application/json', JSON.stringify({ error: `${reason}; headers: ${arrived}` }));
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      return reply(response, 400, 'application/json', '{"error":"body is not JSON"}');
    }
    const ping = pingPayloadOf(payload);
    if (ping) return reply(response, 200, 'application/json', JSON.stringify(pings.answer(ping, request.headers)));
    received.add({ receivedAt: new Date().toISOString(), id: check.id, signature: 'valid', payload });
    return reply(response, 200, 'application/json', '{}');
  }
  reply(response, 404, 'application/json', '{"error":"not found"}');
}

/** The body as UTF-8, or undefined when it exceeds MAX_BODY_BYTES. */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function reply(response: ServerResponse, status: number, contentType: string, body: string): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}
