import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DeliveriesModule } from '@app/deliveries';
import { DeliveryMetrics, OpsModule } from '@app/ops';
import { PersistenceModule } from '@app/persistence';
import { QueueModule } from '@app/queue';
import { CallEventHandlerService } from './call-events/call-event-handler.service';
import { CallEventsProcessor } from './call-events/call-events.processor';
import { BudgetSaturationMonitor } from './elma365-delivery/budget-saturation.monitor';
import { DeliveryBudget } from './elma365-delivery/delivery-budget.service';
import { DeliveryRateLimitService } from './elma365-delivery/delivery-rate-limit.service';
import { DeliverySweeper } from './elma365-delivery/delivery-sweeper.service';
import { DeliveryTurns } from './elma365-delivery/delivery-turns.service';
import { Elma365DeliveryProcessor } from './elma365-delivery/elma365-delivery.processor';
import { Elma365DeliveryService } from './elma365-delivery/elma365-delivery.service';
import { ConfiguredDeliverySenders } from './elma365-delivery/senders/configured-delivery-senders';
import { DeliverySenders } from './elma365-delivery/senders/delivery-sender';
import { WorkerOpsContributions } from './worker-ops.contributions';
import { WorkerService } from './worker.service';

@Module({
  imports: [ConfigModule, QueueModule, PersistenceModule, DeliveriesModule, OpsModule],
  providers: [
    WorkerService,
    CallEventHandlerService,
    CallEventsProcessor,
    Elma365DeliveryService,
    { provide: DeliverySenders, useClass: ConfiguredDeliverySenders },
    Elma365DeliveryProcessor,
    DeliveryRateLimitService,
    DeliveryMetrics,
    DeliveryBudget,
    DeliveryTurns,
    DeliverySweeper,
    BudgetSaturationMonitor,
    WorkerOpsContributions,
  ],
})
export class WorkerModule {}
