import { Injectable } from '@nestjs/common';
import type { ComponentHealth, ReadinessCheck } from './readiness-check';

/** One component's answer, named; advisory ones are left out while they have nothing to say. */
export interface ComponentReadiness {
  readonly component: string;
  readonly advisory: boolean;
  readonly health: ComponentHealth;
}

/**
 * The process's one readiness list: every module that runs in the process adds what it needs (ingest its AMI
 * sessions, the API its click-to-call sessions, each Redis and PostgreSQL), and both the API's /health/ready and
 * the bare ops server of a standalone ingest or worker ask this list.
 */
@Injectable()
export class ReadinessChecks {
  private readonly byComponent = new Map<string, ReadinessCheck>();

  /**
   * A component two modules check is one entry. A shared check (Redis and PostgreSQL: one pool in the process) is
   * asked once; otherwise (the AMI sessions of ingest and of click-to-call) it is up while every module's check passes.
   */
  add(...checks: readonly ReadinessCheck[]): void {
    for (const check of checks) {
      const known = this.byComponent.get(check.component);
      if (known?.shared && check.shared) continue;
      this.byComponent.set(check.component, known ? bothOf(known, check) : check);
    }
  }

  get list(): readonly ReadinessCheck[] {
    return [...this.byComponent.values()];
  }

  /** Asks every check at once. */
  assess(): Promise<ComponentReadiness[]> {
    return askChecks(this.list);
  }
}

export async function askChecks(checks: readonly ReadinessCheck[]): Promise<ComponentReadiness[]> {
  const asked = await Promise.all(
    checks.map(async (c) => ({ component: c.component, advisory: c.advisory === true, health: await c.check() })),
  );
  return asked.filter((r) => !r.advisory || Object.keys(r.health.details).length > 0);
}

/** Up while both are; what a failing one says wins over what a passing one says of the same key. */
function bothOf(first: ReadinessCheck, second: ReadinessCheck): ReadinessCheck {
  return {
    component: first.component,
    advisory: first.advisory === true && second.advisory === true,
    async check(): Promise<ComponentHealth> {
      const answers = await Promise.all([first.check(), second.check()]);
      const up = answers.filter((a) => a.status === 'up');
      const down = answers.filter((a) => a.status === 'down');
      const details = Object.assign({}, ...up.map((a) => a.details), ...down.map((a) => a.details)) as Record<
        string,
        string
      >;
      return { status: down.length === 0 ? 'up' : 'down', details };
    },
  };
}
