import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { PersistenceModule } from '@app/persistence';
import { QueueModule } from '@app/queue';
import { CallEventHandlerService } from './call-events/call-event-handler.service';
import { CallEventsProcessor } from './call-events/call-events.processor';
import { DeliveryRateLimitService } from './elma365-delivery/delivery-rate-limit.service';
import { Elma365DeliveryProcessor } from './elma365-delivery/elma365-delivery.processor';
import { Elma365DeliveryService } from './elma365-delivery/elma365-delivery.service';
import { ConfiguredDeliverySenders } from './elma365-delivery/senders/configured-delivery-senders';
import { DeliverySenders } from './elma365-delivery/senders/delivery-sender';
import { WorkerService } from './worker.service';

@Module({
  imports: [ConfigModule, QueueModule, PersistenceModule],
  providers: [
    WorkerService,
    CallEventHandlerService,
    CallEventsProcessor,
    Elma365DeliveryService,
    { provide: DeliverySenders, useClass: ConfiguredDeliverySenders },
    Elma365DeliveryProcessor,
    DeliveryRateLimitService,
  ],
})
export class WorkerModule {}
