import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@app/config';
import { CallEventProducer } from './call-event.producer';
import { DeliveryBudgetStore } from './delivery-budget.store';
import { Elma365DeliveryProducer } from './elma365-delivery.producer';
import { QueueName } from './queue-names';
import { redisConnection } from './redis-connection';

/** The Redis connection and every queue, registered once for all apps. */
@Module({
  imports: [
    ConfigModule,
    BullModule.forRootAsync({
      imports: [ConfigModule],
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ connection: redisConnection(config.redis.url) }),
    }),
    BullModule.registerQueue({ name: QueueName.CallEvents }, { name: QueueName.Elma365Delivery }),
  ],
  providers: [
    CallEventProducer,
    Elma365DeliveryProducer,
    {
      provide: DeliveryBudgetStore,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => DeliveryBudgetStore.connect(config.redis.url),
    },
  ],
  exports: [BullModule, CallEventProducer, Elma365DeliveryProducer, DeliveryBudgetStore],
})
export class QueueModule {}
