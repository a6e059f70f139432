import { AmiFrameParser, type AmiProtocolError } from '@app/ami';
import { CallEvent } from './call-event';
import { CallTracker } from './call-tracker';
import { CallTrackerOptions } from './call-tracker.options';
import { TrackerState } from './tracker-state';

export interface ReplayOutput {
  onCallEvent(event: CallEvent): void;
  onProtocolError(error: AmiProtocolError): void;
}

/**
 * Feeds raw AMI bytes (one or several sessions, banners included) through the same parser and
 * tracker as the live ingest, in chunks of the given size. Returns the tracker state left at the end:
 * calls still in progress when the transcript stops.
 */
export function replayTranscript(
  bytes: Buffer,
  chunkSize: number,
  options: Partial<CallTrackerOptions>,
  output: ReplayOutput,
): TrackerState {
  const parser = new AmiFrameParser();
  const tracker = new CallTracker(options);
  const state = tracker.createState();
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    for (const frame of parser.push(bytes.subarray(offset, offset + chunkSize))) {
      if (frame.kind === 'error') output.onProtocolError(frame.error);
      else if (frame.kind === 'message' && frame.message.event !== undefined) {
        // A transcript has no receive times; events without a Timestamp take the last one seen.
        for (const event of tracker.apply(state, frame.message, state.lastEventAt)) output.onCallEvent(event);
      }
    }
  }
  return state;
}
