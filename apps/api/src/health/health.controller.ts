import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult, HealthIndicatorService } from '@nestjs/terminus';
import { SingleFlightCache } from '@app/diagnostics';
import { ReadinessChecks } from '@app/ops';
import { Public } from '../auth/auth.decorators';
import { ApiException } from '../common/api-error';

/** Terminus reports a failed check as a 503 whose body names each component; keep those names for the caller. */
function notReady(error: unknown): unknown {
  if (!(error instanceof ServiceUnavailableException)) return error;
  const result = error.getResponse() as Partial<HealthCheckResult>;
  const details = Object.entries(result.error ?? {}).map(([component, info]) => ({
    field: component,
    reason: describe(info ?? {}),
  }));
  const down = details.map((d) => d.field).join(', ');
  return new ApiException(503, 'HEALTH_NOT_READY', `Not ready: ${down || 'a dependency'} is down`, details);
}

function describe(info: Record<string, unknown>): string {
  const { status, ...rest } = info;
  const extra = Object.entries(rest)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('; ');
  return extra ? `${String(status)} (${extra})` : String(status);
}

export interface HealthStatus {
  readonly status: 'ok';
}

/** Readiness is public and cheap to ask: one run of the checks answers every caller within this window. */
export const READINESS_REUSE_MS = 1_000;

type Readiness =
  { readonly ok: true; readonly result: HealthCheckResult } | { readonly ok: false; readonly error: unknown };

@ApiTags('ops')
@Public()
@Controller('health')
export class HealthController {
  // Unauthenticated: without it, every hit ran a PostgreSQL and a Redis round trip (a flood slowed the API itself).
  private readonly readinessRuns = new SingleFlightCache<Readiness>(() => this.check(), READINESS_REUSE_MS);

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessChecks,
  ) {}

  /** Liveness: the process answers HTTP. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ description: '{ "status": "ok" }' })
  live(): HealthStatus {
    return { status: 'ok' };
  }

  /**
   * Readiness, also ELMA365's "Проверить соединение": the process's readiness list (Redis, PostgreSQL and every
   * PBX's AMI session, of click-to-call and, when ingest runs here, of the call log).
   */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: Redis, PostgreSQL and every AMI connection (503 when one is down)' })
  @ApiOkResponse({ description: 'all up' })
  @ApiServiceUnavailableResponse({ description: 'at least one dependency is down; the body says which' })
  async ready(): Promise<HealthCheckResult> {
    const outcome = await this.readinessRuns.get();
    if (!outcome.ok) throw notReady(outcome.error);
    return outcome.result;
  }

  /** The checks' answers in terminus's shape: 200 `{status, info, …}`, or its 503 naming what is down. */
  private async check(): Promise<Readiness> {
    try {
      const components = await this.readiness.assess();
      const result = await this.health.check(
        components.map(({ component, health }) => () => {
          const indicator = this.indicators.check(component);
          return health.status === 'up' ? indicator.up(health.details) : indicator.down(health.details);
        }),
      );
      return { ok: true, result };
    } catch (error) {
      return { ok: false, error };
    }
  }
}
