import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request body as it arrived, with its arrival time (performance.now()). */
export type WebhookListener = (body: string, receivedAt: number) => void;

/**
 * ELMA365's webhook reduced to what a benchmark needs: 200 `{}` at once, the body handed to a listener, nothing
 * verified or kept (libs/testing's Elma365Stub checks signatures and records every request, which costs time in
 * the same process as the connector).
 */
export class LeanWebhook {
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(listener: WebhookListener): Promise<LeanWebhook> {
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const receivedAt = performance.now();
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        listener(Buffer.concat(chunks).toString('utf8'), receivedAt);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new LeanWebhook(server, `http://127.0.0.1:${port}/webhook`);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
