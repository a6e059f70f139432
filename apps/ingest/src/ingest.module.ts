import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { QueueModule } from '@app/queue';
import { CallEventSink, QueueCallEventSink } from './call-event.sink';
import { IngestService } from './ingest.service';

@Module({
  imports: [ConfigModule, QueueModule],
  providers: [IngestService, { provide: CallEventSink, useClass: QueueCallEventSink }],
  exports: [IngestService],
})
export class IngestModule {}
