import { Controller, Get } from '@nestjs/common';

export interface HealthStatus {
  readonly status: 'ok';
}

@Controller('health')
export class HealthController {
  /** Liveness: the process answers HTTP. Readiness (Redis, PostgreSQL, AMI) is a separate check. */
  @Get('live')
  live(): HealthStatus {
    return { status: 'ok' };
  }
}
