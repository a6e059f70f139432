import { Gauge, type Registry } from 'prom-client';
import type { ReadinessCheck } from './readiness-check';

/**
 * What /health/ready says, for Prometheus: 1 per component up, 0 down (Redis, PostgreSQL, AMI). Advisory checks are
 * left out: they are never down. The checks run at every scrape, with their own timeouts; the list is read then too,
 * so a check a module adds later is in it.
 */
export function registerReadinessGauge(registry: Registry, checks: () => readonly ReadinessCheck[]): void {
  new Gauge({
    name: 'connector_dependency_up',
    help: "1 while the process's readiness check of the component (redis, postgres, ami) passes, 0 while it fails",
    labelNames: ['component'],
    registers: [registry],
    async collect() {
      const required = checks().filter((c) => !c.advisory);
      const results = await Promise.all(required.map(async (c) => [c.component, await c.check()] as const));
      for (const [component, health] of results) this.set({ component }, health.status === 'up' ? 1 : 0);
    },
  });
}
