import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { EventClassRecording } from '@app/diagnostics';
import { CdrGapFillers } from '@app/gapfill';
import { CallEventSink } from './call-event.sink';
import { PbxSession } from './pbx-session';

/** Owns one AMI session per configured PBX. */
@Injectable()
export class IngestService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Ingest');
  readonly sessions: PbxSession[];

  constructor(config: AppConfig, sink: CallEventSink, gapFillers: CdrGapFillers, eventClasses: EventClassRecording) {
    this.sessions = config.ami.pbxs.map(
      (pbx) =>
        new PbxSession(
          pbx,
          config.endpoints,
          config.phone.defaultRegion,
          sink,
          gapFillers.forPbx(pbx.pbxId),
          eventClasses.recorder,
        ),
    );
  }

  onApplicationBootstrap(): void {
    if (this.sessions.length === 0) {
      this.logger.warn('No PBX configured (AMI_URL is empty): nothing to ingest');
      return;
    }
    for (const session of this.sessions) {
      this.logger.log(`Connecting to PBX '${session.pbx.pbxId}' at ${session.pbx.host}:${session.pbx.port}`);
      // The client keeps retrying on its own; a PBX that is down at boot must not stop the others.
      session.start().catch((error: Error) => this.logger.error(`PBX '${session.pbx.pbxId}': ${error.message}`));
    }
  }

  /** Each PBX's CDR-file warning (`office: …`), joined; null when there is none. */
  async cdrWarnings(): Promise<string | null> {
    const warnings = await Promise.all(
      this.sessions.map(async (s) => {
        const warning = await s.cdrWarning();
        return warning === null ? null : `${s.pbx.pbxId}: ${warning}`;
      }),
    );
    const found = warnings.filter((w): w is string => w !== null);
    return found.length === 0 ? null : found.join('; ');
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.sessions.map((s) => s.stop()));
  }
}
