import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CallHistoryQuery, PersistenceModule } from '@app/persistence';
import { CallHistoryController } from './call-history.controller';
import { GetCallUseCase } from './usecases/get-call/get-call.usecase';
import { ListCallsUseCase } from './usecases/list-calls/list-calls.usecase';

/** GET /api/v1/calls and /api/v1/calls/{id}. Needs AppConfig (the global ConfigModule). */
@Module({
  imports: [PersistenceModule],
  controllers: [CallHistoryController],
  providers: [
    { provide: CallHistoryQuery, useFactory: (ds: DataSource) => new CallHistoryQuery(ds), inject: [DataSource] },
    ListCallsUseCase,
    GetCallUseCase,
  ],
})
export class CallHistoryModule {}
