import { Module } from '@nestjs/common';
import { ApiModule } from '../../api/src/api.module';
import { IngestModule } from '../../ingest/src/ingest.module';
import { WorkerModule } from '../../worker/src/worker.module';

@Module({
  imports: [IngestModule, WorkerModule, ApiModule],
})
export class AllModule {}
