import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { EventClassRecordingModule } from '@app/diagnostics';
import { GapFillModule } from '@app/gapfill';
import { AMI_SESSIONS, type AmiSessions, INGEST_HELD_EVENTS } from '@app/ops';
import { QueueModule } from '@app/queue';
import { CallEventSink, QueueCallEventSink } from './call-event.sink';
import { FastAgiModule } from './fastagi/fastagi.module';
import { IngestService } from './ingest.service';

@Module({
  imports: [ConfigModule, QueueModule, FastAgiModule, GapFillModule, EventClassRecordingModule],
  providers: [
    IngestService,
    { provide: CallEventSink, useClass: QueueCallEventSink },
    {
      provide: AMI_SESSIONS,
      useFactory:
        (ingest: IngestService): AmiSessions =>
        () =>
          ingest.sessions,
      inject: [IngestService],
    },
    {
      provide: INGEST_HELD_EVENTS,
      useFactory: (sink: CallEventSink) => () => sink.heldEvents,
      inject: [CallEventSink],
    },
  ],
  exports: [IngestService, CallEventSink, AMI_SESSIONS, INGEST_HELD_EVENTS],
})
export class IngestModule {}
