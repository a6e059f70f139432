import { Injectable } from '@nestjs/common';
import { Counter, Histogram, type Metric, type Registry } from 'prom-client';
import { DeliveryTarget } from '@app/deliveries';

/**
 * The calls the worker stores and what its ELMA365 deliveries spend of the request budget. Process-local
 * instruments, put on the process's registry by whoever serves /metrics (the worker's ops endpoint, or the API when
 * the worker runs inside it).
 */
@Injectable()
export class DeliveryMetrics {
  readonly callsStored = new Counter({
    name: 'connector_calls_stored_total',
    help: 'Call records stored per PBX, direction, disposition and source (ami: tracked live; cdr: recovered by gap-fill)',
    labelNames: ['pbx', 'direction', 'disposition', 'source'] as const,
    registers: [],
  });

  /** with the calls delivered per second this gives requests per call as a rate; status 429 is ELMA365's limit */
  readonly requests = new Counter({
    name: 'connector_elma365_requests_total',
    help:
      'Requests sent to ELMA365 (every attempt, failed ones too) per target, kind (live card, record) and answer ' +
      '(the HTTP status, 2xx when the client reports none, no_answer for a network error or timeout)',
    labelNames: ['target', 'kind', 'status'] as const,
    registers: [],
  });

  readonly requestsPerCall = new Histogram({
    name: 'connector_elma365_requests_per_call',
    help: "Requests a call cost the ELMA365 budget (every attempt of every card and of the record), at its record's end",
    labelNames: ['target'] as const,
    buckets: [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30],
    registers: [],
  });

  readonly staleCards = new Counter({
    name: 'connector_elma365_stale_cards_total',
    help: 'Cards dropped unsent because the ringing ended before their turn while the request budget was short',
    labelNames: ['target'] as const,
    registers: [],
  });

  readonly cardLag = new Histogram({
    name: 'connector_elma365_card_lag_seconds',
    help: "Time from a phone's ring start (the event's PBX time) to its NotifyStart being sent to ELMA365",
    buckets: [0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 21, 34, 60, 120, 300],
    registers: [],
  });

  /** Every target's series exist from the start, at 0: rate() and the alerts see the first one. */
  constructor() {
    for (const target of Object.values(DeliveryTarget)) {
      this.staleCards.inc({ target }, 0);
      this.requestsPerCall.zero({ target });
    }
  }

  registerOn(registry: Registry): void {
    const metrics: Metric[] = [this.callsStored, this.requests, this.requestsPerCall, this.staleCards, this.cardLag];
    for (const metric of metrics) {
      registry.registerMetric(metric);
    }
  }
}
