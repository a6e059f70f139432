import { Module } from '@nestjs/common';
import { DeliveryRepository, PersistenceModule } from '@app/persistence';
import { Elma365DeliveryProducer, QueueModule } from '@app/queue';
import { DeadLetterService } from '@app/deliveries';
import { DeliveriesController } from './deliveries.controller';

/** Dead-lettered deliveries: list and replay, the same service as `npm run deliveries`. */
@Module({
  imports: [PersistenceModule, QueueModule],
  controllers: [DeliveriesController],
  providers: [
    {
      provide: DeadLetterService,
      useFactory: (deliveries: DeliveryRepository, producer: Elma365DeliveryProducer) =>
        new DeadLetterService(deliveries, producer),
      inject: [DeliveryRepository, Elma365DeliveryProducer],
    },
  ],
})
export class DeliveriesModule {}
