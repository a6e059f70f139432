import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from '@app/config';
import type { Options } from 'pino-http';
import { pinoLevelOf } from './pino-level';
import { REDACTED, serializeRequest } from './request-serializer';

const SECRET_KEYS = ['secret', 'password', 'token', 'webhookToken', 'apiKey'];

/** pino's wildcards match one level: secrets are looked for at the top and two levels down. */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

/** JSON lines, one per log call and one per finished request; never a request body. */
export function pinoHttpOptions(config: AppConfig): Options {
  return {
    level: pinoLevelOf(config.log.level),
    redact: { paths: [...REDACTED_PATHS], censor: REDACTED },
    serializers: { req: serializeRequest },
    customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) => {
      if (error || response.statusCode >= 500) return 'error';
      return response.statusCode >= 400 ? 'warn' : 'info';
    },
  };
}
