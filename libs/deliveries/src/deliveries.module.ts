import { Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@app/config';
import { DeliveryRepository, PersistenceModule } from '@app/persistence';
import { DeliveryLedger } from './delivery-ledger';
import { LiveDeliveryStore } from './live-delivery.store';

/** The delivery ledger across its two stores: live cards in Redis, records in PostgreSQL. */
@Module({
  imports: [ConfigModule, PersistenceModule],
  providers: [
    {
      provide: LiveDeliveryStore,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => LiveDeliveryStore.connect(config.redis.url),
    },
    {
      provide: DeliveryLedger,
      inject: [DeliveryRepository, LiveDeliveryStore],
      useFactory: (records: DeliveryRepository, live: LiveDeliveryStore) => new DeliveryLedger(records, live),
    },
  ],
  exports: [LiveDeliveryStore, DeliveryLedger],
})
export class DeliveriesModule {}
