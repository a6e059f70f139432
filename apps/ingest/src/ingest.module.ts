import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { QueueModule } from '@app/queue';
import { CallEventSink, QueueCallEventSink } from './call-event.sink';
import { FastAgiModule } from './fastagi/fastagi.module';
import { IngestService } from './ingest.service';

@Module({
  imports: [ConfigModule, QueueModule, FastAgiModule],
  providers: [IngestService, { provide: CallEventSink, useClass: QueueCallEventSink }],
  exports: [IngestService],
})
export class IngestModule {}
