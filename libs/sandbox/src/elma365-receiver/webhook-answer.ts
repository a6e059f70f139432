import type { ServerResponse } from 'node:http';

/** What an ELMA365 stand-in answers to one request. */
export interface WebhookAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** more response headers, e.g. `retry-after` */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a stand-in answers when it broke on a request. */
export const FAILED_ANSWER: WebhookAnswer = { status: 500, contentType: 'text/plain', body: 'error' };

export function jsonAnswer(status: number, value: unknown): WebhookAnswer {
  return { status, contentType: 'application/json', body: JSON.stringify(value) };
}

/** Sends the answer unless one was sent already or the client is gone. */
export function sendAnswer(response: ServerResponse, answer: WebhookAnswer): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(answer.status, {
    ...answer.headers,
    'content-type': answer.contentType,
    'cache-control': 'no-store',
  });
  response.end(answer.body);
}
