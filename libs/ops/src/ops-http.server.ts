import { Logger } from '@nestjs/common';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpsHttpErrorCode, OpsHttpException } from './ops-http.exception';
import { answerOpsRequest, errorAnswer, type OpsAnswer, type OpsRoutesSource } from './ops-http.routes';

export interface OpsHttpServerOptions extends OpsRoutesSource {
  readonly host: string;
  /** 0 lets the OS choose (tests); the configuration never passes 0, which means "off" there */
  readonly port: number;
}

/**
 * A bare node:http server for /health/live, /health/ready and /metrics: no framework, no request logs (a probe every
 * few seconds would drown the log), nothing else served.
 */
export class OpsHttpServer {
  private readonly logger = new Logger('OpsHttp');

  private constructor(
    private readonly server: Server,
    private readonly source: OpsRoutesSource,
  ) {
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void this.serve(request, response));
  }

  /** @throws OpsHttpException when the port cannot be bound */
  static async listen(options: OpsHttpServerOptions): Promise<OpsHttpServer> {
    const server = createServer({ requestTimeout: 10_000, headersTimeout: 5_000 });
    const sut = new OpsHttpServer(server, options);
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new OpsHttpException(
            OpsHttpErrorCode.ListenFailed,
            `Ops endpoint: cannot listen on ${hostPort(options.host, options.port)} (${error.code ?? error.message}); ` +
              'set OPS_HTTP_PORT to a free port, or 0 to turn it off',
            { cause: error },
          ),
        ),
      );
      server.listen(options.port, options.host, () => resolve());
    });
    return sut;
  }

  get url(): string {
    const { address, port } = this.server.address() as AddressInfo;
    return `http://${hostPort(address, port)}`;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Keep-alive connections of a scraper would hold close() open until they time out.
    this.server.closeAllConnections();
    await closed;
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let answer: OpsAnswer;
    try {
      answer = await answerOpsRequest(request.method ?? 'GET', request.url ?? '/', this.source);
    } catch (error) {
      this.logger.error(`${request.url ?? ''}: ${error instanceof Error ? error.message : String(error)}`);
      answer = errorAnswer(500, OpsHttpErrorCode.AnswerFailed, 'The answer failed; see the log');
    }
    response.writeHead(answer.status, {
      'Content-Type': answer.contentType,
      'Cache-Control': 'no-store',
      ...answer.headers,
    });
    response.end(answer.body);
  }
}

function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
