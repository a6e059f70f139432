import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { WorkerService } from './worker.service';

@Module({
  imports: [ConfigModule],
  providers: [WorkerService],
})
export class WorkerModule {}
