import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** This process's own registry (not prom-client's global one): one per app instance, nothing module-level. */
@Injectable()
export class MetricsRegistry extends Registry {
  constructor() {
    super();
    collectDefaultMetrics({ register: this, prefix: 'connector_' });
  }
}
