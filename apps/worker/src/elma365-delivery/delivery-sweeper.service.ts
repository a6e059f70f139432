import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DeliveryLedger } from '@app/deliveries';
import type { PendingTurn } from '@app/persistence';
import { Elma365DeliveryProducer } from '@app/queue';
import { DeliveryTurns } from './delivery-turns.service';

/** How often every pending call is checked for a delivery without a job. */
export const DELIVERY_SWEEP_INTERVAL_MS = 5_000;
const PAGE = 500;

/**
 * Finds again what a crash left unqueued: a worker killed between settling a delivery and queueing its call's next
 * one, or Redis losing jobs. On start and every few seconds, each call's earliest pending delivery without a job
 * that will still run gets its turn again.
 */
@Injectable()
export class DeliverySweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Elma365Delivery');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly ledger: DeliveryLedger,
    private readonly producer: Elma365DeliveryProducer,
    private readonly turns: DeliveryTurns,
  ) {}

  onApplicationBootstrap(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), DELIVERY_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Queues every call's turn that has no job; returns how many it queued. */
  async sweep(): Promise<number> {
    let requeued = await this.requeue(await this.ledger.pendingLiveTurns(), false);
    let after: PendingTurn | null = null;
    for (;;) {
      const page = await this.ledger.listPendingTurns(after, PAGE);
      requeued += await this.requeue(page, true);
      if (page.length < PAGE) return requeued;
      after = page[page.length - 1];
    }
  }

  private async requeue(turns: readonly PendingTurn[], durable: boolean): Promise<number> {
    let requeued = 0;
    for (const turn of turns) {
      if (await this.producer.hasLiveJob(turn)) continue;
      await this.turns.next(turn.callId, turn.target, durable);
      requeued++;
    }
    return requeued;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.sweep()
      .then((requeued) => {
        if (requeued > 0) this.logger.log(`${requeued} call(s) had a pending delivery without a job: queued again`);
      })
      .catch((error: unknown) => this.logger.warn(`delivery sweep failed, tried again shortly: ${String(error)}`))
      .finally(() => (this.running = undefined));
  }
}
