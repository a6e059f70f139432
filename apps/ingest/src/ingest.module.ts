import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { EventClassRecordingModule } from '@app/diagnostics';
import { GapFillModule } from '@app/gapfill';
import { OpsModule } from '@app/ops';
import { QueueModule } from '@app/queue';
import { CallEventSink, QueueCallEventSink } from './call-event.sink';
import { FastAgiModule } from './fastagi/fastagi.module';
import { IngestOpsContributions } from './ingest-ops.contributions';
import { IngestService } from './ingest.service';

@Module({
  imports: [ConfigModule, QueueModule, OpsModule, FastAgiModule, GapFillModule, EventClassRecordingModule],
  providers: [IngestService, { provide: CallEventSink, useClass: QueueCallEventSink }, IngestOpsContributions],
  exports: [IngestService, CallEventSink],
})
export class IngestModule {}
