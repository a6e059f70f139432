import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { PersistenceModule } from '@app/persistence';
import { QueueModule } from '@app/queue';
import { SettingsController } from './settings.controller';
import { GetElma365WebhookUseCase } from './usecases/get-elma365-webhook/get-elma365-webhook.usecase';
import { UpdateElma365WebhookUseCase } from './usecases/update-elma365-webhook/update-elma365-webhook.usecase';

/** Settings ELMA365 pushes at run time: the module's webhook link. */
@Module({
  imports: [ConfigModule, PersistenceModule, QueueModule],
  controllers: [SettingsController],
  providers: [GetElma365WebhookUseCase, UpdateElma365WebhookUseCase],
})
export class SettingsModule {}
