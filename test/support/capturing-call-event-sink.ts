import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { CallEvent, CallRecord } from '@app/calls';
import { AppConfig } from '@app/config';
import { CallEventSink } from '../../apps/ingest/src/call-event.sink';
import { IngestModule } from '../../apps/ingest/src/ingest.module';
import { testConfig } from './test-database';

/** Keeps what the ingest's tracker emits, in order, instead of queueing it. */
export class CapturingCallEventSink extends CallEventSink {
  readonly events: CallEvent[] = [];

  publish(_pbxId: string, events: readonly CallEvent[]): void {
    this.events.push(...events);
  }

  get records(): CallRecord[] {
    return this.events.flatMap((event) => (event.type === 'call.finished' ? [event.record] : []));
  }

  /** `callId#seq` keys emitted more than once: a replica or a reconnect repeating itself */
  get repeatedKeys(): string[] {
    const seen = new Set<string>();
    const repeated: string[] = [];
    for (const { callId, seq } of this.events) {
      const key = `${callId}#${seq}`;
      if (seen.has(key)) repeated.push(key);
      seen.add(key);
    }
    return repeated;
  }
}

/** The ingest app alone, in-process, its tracker output captured. */
export async function startCapturingIngest(
  amiUrl: string,
  sink: CapturingCallEventSink,
): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({ imports: [IngestModule] })
    .overrideProvider(AppConfig)
    .useValue(testConfig({ AMI_URL: amiUrl }))
    .overrideProvider(CallEventSink)
    .useValue(sink)
    .compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  return moduleRef;
}
