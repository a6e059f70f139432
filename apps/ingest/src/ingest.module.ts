import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { CallEventSink, LoggingCallEventSink } from './call-event.sink';
import { IngestService } from './ingest.service';

@Module({
  imports: [ConfigModule],
  providers: [IngestService, { provide: CallEventSink, useClass: LoggingCallEventSink }],
  exports: [IngestService],
})
export class IngestModule {}
