import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsRegistry } from '@app/ops';

/** Click-to-call outcomes: `queued`, or the error code the API answered. */
@Injectable()
export class OriginateMetrics {
  private readonly outcomes: Counter<'outcome'>;

  constructor(registry: MetricsRegistry) {
    this.outcomes = new Counter({
      name: 'connector_originate_total',
      help: 'Click-to-call requests by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    });
    // At 0 from the start: rate() sees the first click-to-call.
    this.outcomes.inc({ outcome: 'queued' }, 0);
  }

  record(outcome: string): void {
    this.outcomes.inc({ outcome });
  }
}
