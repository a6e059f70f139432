import type { Registry } from 'prom-client';
import { OpsHttpErrorCode } from './ops-http.exception';
import { assessReadiness } from './readiness-report';
import type { ReadinessCheck } from './readiness-check';

/** What the ops endpoint serves: the process's readiness checks and its metrics registry. */
export interface OpsRoutesSource {
  readonly checks: readonly ReadinessCheck[];
  readonly registry: Registry;
}

export interface OpsAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const ROUTES = ['/health/live', '/health/ready', '/metrics'];

/** The answer to one request; the query string is ignored. A collector or check that throws rejects it. */
export async function answerOpsRequest(method: string, url: string, source: OpsRoutesSource): Promise<OpsAnswer> {
  const path = new URL(url, 'http://ops.invalid').pathname;
  if (!ROUTES.includes(path)) {
    return errorAnswer(404, OpsHttpErrorCode.NotFound, `No ${path} here: ${ROUTES.join(', ')}`);
  }
  if (method !== 'GET') {
    return {
      ...errorAnswer(405, OpsHttpErrorCode.MethodNotAllowed, `${method} is not allowed`),
      headers: { Allow: 'GET' },
    };
  }
  switch (path) {
    case '/health/live':
      return json(200, { status: 'ok' });
    case '/health/ready': {
      const report = await assessReadiness(source.checks);
      return json(report.statusCode, report.body);
    }
    default:
      return { status: 200, contentType: source.registry.contentType, body: await source.registry.metrics() };
  }
}

export function errorAnswer(status: number, code: OpsHttpErrorCode, message: string): OpsAnswer {
  return json(status, { statusCode: status, code, message });
}

function json(status: number, body: unknown): OpsAnswer {
  return { status, contentType: JSON_TYPE, body: JSON.stringify(body) };
}
