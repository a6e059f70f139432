import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One process's own Prometheus registry (not prom-client's global one): the Node.js process metrics under the
 * `connector_` prefix, plus whatever the process registers on it. One per app instance, nothing module-level.
 */
@Injectable()
export class MetricsRegistry extends Registry {
  private readonly contributed = new Set<string>();

  constructor() {
    super();
    collectDefaultMetrics({ register: this, prefix: 'connector_' });
  }

  /**
   * Registers a group of collectors once per process under `key`: modules sharing a process (the all-in-one app)
   * may offer the same group (the ELMA365 budget's gauges from the worker and the API), and prom-client refuses a name
   * twice.
   */
  contribute(key: string, register: (registry: Registry) => void): void {
    if (this.contributed.has(key)) return;
    this.contributed.add(key);
    register(this);
  }
}
