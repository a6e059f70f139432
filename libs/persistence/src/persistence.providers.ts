import type { FactoryProvider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CallRecordRepository } from './call-record.repository';
import { DeliveryRepository } from './delivery.repository';
import { Elma365WebhookSettingRepository } from './elma365-webhook-setting.repository';

/**
 * The repositories for a Nest module that already provides an initialized `DataSource` (the app owns its
 * lifecycle: initialize on boot, destroy on shutdown).
 */
export const persistenceProviders: FactoryProvider[] = [
  { provide: CallRecordRepository, useFactory: (ds: DataSource) => new CallRecordRepository(ds), inject: [DataSource] },
  { provide: DeliveryRepository, useFactory: (ds: DataSource) => new DeliveryRepository(ds), inject: [DataSource] },
  {
    provide: Elma365WebhookSettingRepository,
    useFactory: (ds: DataSource) => new Elma365WebhookSettingRepository(ds),
    inject: [DataSource],
  },
];
