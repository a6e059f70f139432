import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import { AppConfig } from '@app/config';
import { DeliveryRepository } from '@app/persistence';
import { DeliveryBudgetStore, QueueName } from '@app/queue';
import { MetricsRegistry, registerDeliveryBudgetGauges } from '@app/ops';
import { DELIVERY_STATUSES, DeliveryTarget } from '@app/deliveries';

const JOB_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;

/**
 * What the API adds to the process's registry, read when Prometheus scrapes: queue depths and the ELMA365 request
 * budget (shared Redis), the delivery ledger (shared PostgreSQL). Readiness is the `connector_dependency_up` gauge of
 * the process's readiness list; when ingest and the worker run in this process (npm start) they add their own
 * (AMI sessions, the deliveries' requests, stale cards and card lag) to the same registry.
 */
@Injectable()
export class ConnectorMetricsCollector {
  constructor(
    registry: MetricsRegistry,
    @InjectQueue(QueueName.CallEvents) callEvents: Queue,
    @InjectQueue(QueueName.Elma365Delivery) deliveryQueue: Queue,
    ledger: DeliveryRepository,
    budget: DeliveryBudgetStore,
    config: AppConfig,
  ) {
    const queues = [callEvents, deliveryQueue];
    new Gauge({
      name: 'connector_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        for (const queue of queues) {
          const counts = await queue.getJobCounts(...JOB_STATES);
          for (const state of JOB_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      },
    });
    new Gauge({
      name: 'connector_deliveries',
      help: 'Deliveries in the durable ledger (call records, generic mode) per target and status (pending, delivered, skipped, dead)',
      labelNames: ['target', 'status'],
      registers: [registry],
      async collect() {
        this.reset();
        // Every target and status, 0 when none: "dead letters growing" needs the series before the first one.
        for (const target of Object.values(DeliveryTarget)) {
          for (const status of DELIVERY_STATUSES) this.set({ target, status }, 0);
        }
        for (const r of await ledger.countByTargetAndStatus()) {
          this.set({ target: r.target, status: r.status }, r.count);
        }
      },
    });
    new Gauge({
      name: 'connector_delivery_latency_seconds',
      help: 'Time from an event entering the ledger to its delivery, over the last hour',
      labelNames: ['kind', 'quantile'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const r of await ledger.deliveryLatencyLastHour()) {
          if (r.p50 !== null) this.set({ kind: r.kind, quantile: '0.5' }, r.p50);
          if (r.p99 !== null) this.set({ kind: r.kind, quantile: '0.99' }, r.p99);
        }
      },
    });
    new Gauge({
      name: 'connector_delivery_oldest_pending_seconds',
      help: 'How long the oldest delivery still pending has waited, per target (0: nothing pending)',
      labelNames: ['target'],
      registers: [registry],
      async collect() {
        for (const target of Object.values(DeliveryTarget)) this.set({ target }, 0);
        for (const r of await ledger.oldestPendingAge()) this.set({ target: r.target }, r.seconds);
      },
    });
    // The request budget is shared in Redis: any process can show it.
    registry.contribute('delivery-budget', (r) =>
      registerDeliveryBudgetGauges(r, {
        limitPerMinute: config.delivery.rateLimitPerMinute,
        used: () => budget.requestsInWindow(),
        saturated: async () => (await budget.readWarning()) !== null,
      }),
    );
  }
}
