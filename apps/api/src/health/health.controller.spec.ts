import { ServiceUnavailableException } from '@nestjs/common';
import type { HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import type { ReadinessChecks } from '@app/ops';

describe('HealthController.ready', () => {
  function build(check: () => Promise<HealthCheckResult>) {
    const readiness = { assess: jest.fn(async () => []) };
    const health = { check: jest.fn(check) };
    const sut = new HealthController(
      health as unknown as HealthCheckService,
      {} as HealthIndicatorService,
      readiness as unknown as ReadinessChecks,
    );
    return { sut, health };
  }

  it('runs the checks once for a crowd of callers arriving together', async () => {
    const ok = { status: 'ok', info: {}, error: {}, details: {} } as HealthCheckResult;
    const { sut, health } = build(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return ok;
    });

    const answers = await Promise.all(Array.from({ length: 50 }, () => sut.ready()));

    expect(answers.every((a) => a === ok)).toBe(true);
    expect(health.check).toHaveBeenCalledTimes(1);
  });

  it('answers every caller of a failed run with the 503 naming what is down', async () => {
    const down = new ServiceUnavailableException({ status: 'error', error: { redis: { status: 'down' } } });
    const { sut, health } = build(async () => {
      throw down;
    });

    const results = await Promise.allSettled([sut.ready(), sut.ready()]);

    expect(health.check).toHaveBeenCalledTimes(1);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 503 });
    }
  });
});
