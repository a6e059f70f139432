import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { DeliveryRepository } from '@app/persistence';
import { DeliveryBudgetStore, QueueName } from '@app/queue';
import {
  AMI_SESSIONS,
  type AmiSessions,
  DeliveryMetrics,
  INGEST_HELD_EVENTS,
  MetricsRegistry,
  pingCheck,
  registerAmiSessionGauges,
  registerDeliveryBudgetGauges,
  registerIngestBacklogGauge,
  registerReadinessGauge,
} from '@app/ops';
import { DELIVERY_STATUSES, DeliveryTarget } from '@app/deliveries';

const JOB_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;

/**
 * Gauges read when Prometheus scrapes: queue depths and the ELMA365 request budget (shared Redis), the delivery
 * ledger (shared Postgres), whether both answer, and — when ingest and the worker run in this process (npm start) — each PBX's AMI
 * connection and event count, and the deliveries' requests, stale cards and card lag.
 */
@Injectable()
export class ConnectorMetricsCollector implements OnModuleInit {
  constructor(
    private readonly registry: MetricsRegistry,
    @InjectQueue(QueueName.CallEvents) callEvents: Queue,
    @InjectQueue(QueueName.Elma365Delivery) deliveryQueue: Queue,
    dataSource: DataSource,
    ledger: DeliveryRepository,
    private readonly moduleRef: ModuleRef,
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
    registerReadinessGauge(registry, [
      pingCheck('redis', () => callEvents.getVersion()),
      pingCheck('postgres', () => dataSource.query('SELECT 1')),
    ]);
    // Ingest is only in this process in the all-in-one mode: looked up by token, never imported (that would start it).
    registerAmiSessionGauges(registry, () => {
      try {
        return moduleRef.get<AmiSessions>(AMI_SESSIONS, { strict: false })();
      } catch {
        return [];
      }
    });
    // The request budget is shared in Redis: any process can show it.
    registerDeliveryBudgetGauges(registry, {
      limitPerMinute: config.delivery.rateLimitPerMinute,
      used: () => budget.requestsInWindow(),
      saturated: async () => (await budget.readWarning()) !== null,
    });
    registerIngestBacklogGauge(registry, () => {
      try {
        return moduleRef.get<() => number>(INGEST_HELD_EVENTS, { strict: false })();
      } catch {
        return 0;
      }
    });
  }

  /** The deliveries' own counters exist where the worker runs: in this process only in the all-in-one mode. */
  onModuleInit(): void {
    let deliveries: DeliveryMetrics;
    try {
      deliveries = this.moduleRef.get(DeliveryMetrics, { strict: false });
    } catch {
      return; // no worker in this process
    }
    deliveries.registerOn(this.registry);
  }
}
