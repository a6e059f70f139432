import { Injectable, Logger } from '@nestjs/common';
import { CallEvent } from '@app/calls';

/** Where tracked call events go. The queue producer (delivery issue) replaces the logging one. */
export abstract class CallEventSink {
  abstract publish(pbxId: string, events: readonly CallEvent[]): void;
}

@Injectable()
export class LoggingCallEventSink extends CallEventSink {
  private readonly logger = new Logger('CallEvents');

  publish(_pbxId: string, events: readonly CallEvent[]): void {
    for (const event of events) {
      if (event.type === 'call.finished') {
        const r = event.record;
        this.logger.log(
          `[${r.callId}] finished ${r.direction} ${r.from ?? '?'} -> ${r.to ?? '?'} ${r.disposition}` +
            (r.answeredBy ? ` by ${r.answeredBy}` : ''),
        );
      } else {
        this.logger.debug(`[${event.callId}] ${JSON.stringify(event)}`);
      }
    }
  }
}
