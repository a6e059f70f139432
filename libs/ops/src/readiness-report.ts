import { OpsHttpErrorCode } from './ops-http.exception';
import type { ComponentHealth, ReadinessCheck } from './readiness-check';
import { askChecks } from './readiness-checks';

/** 200: the shape of the API's /health/ready (terminus), `info` naming every component. */
export interface ReadyBody {
  readonly status: 'ok';
  readonly info: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** 503: the API's error body, one detail per component that is down. */
export interface NotReadyBody {
  readonly statusCode: 503;
  readonly code: OpsHttpErrorCode.NotReady;
  readonly message: string;
  readonly details: readonly { readonly field: string; readonly reason: string }[];
}

export type ReadinessReport =
  { readonly statusCode: 200; readonly body: ReadyBody } | { readonly statusCode: 503; readonly body: NotReadyBody };

/** Asks every check at once; ready only when all are up. */
export async function assessReadiness(checks: readonly ReadinessCheck[]): Promise<ReadinessReport> {
  const results = await askChecks(checks);
  const down = results.filter((r) => r.health.status === 'down');
  if (down.length === 0) {
    const info = Object.fromEntries(results.map((r) => [r.component, { status: 'up', ...r.health.details }]));
    return { statusCode: 200, body: { status: 'ok', info } };
  }
  return {
    statusCode: 503,
    body: {
      statusCode: 503,
      code: OpsHttpErrorCode.NotReady,
      message: `Not ready: ${down.map((r) => r.component).join(', ')} is down`,
      details: down.map((r) => ({ field: r.component, reason: describe(r.health) })),
    },
  };
}

/** `down (office: disconnected)`, as the API words it. */
function describe(health: ComponentHealth): string {
  const extra = Object.entries(health.details)
    .map(([key, value]) => `${key}: ${value}`)
    .join('; ');
  return extra ? `${health.status} (${extra})` : health.status;
}
