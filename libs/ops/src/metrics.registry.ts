import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One process's own Prometheus registry (not prom-client's global one): the Node.js process metrics under the
 * `connector_` prefix, plus whatever the process registers on it. One per app instance, nothing module-level.
 */
@Injectable()
export class MetricsRegistry extends Registry {
  constructor() {
    super();
    collectDefaultMetrics({ register: this, prefix: 'connector_' });
  }
}
