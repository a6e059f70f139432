import type { CallRecord } from '@app/calls';
import type { CallEntity } from './call.entity';

export function toCallRecord(row: CallEntity): CallRecord {
  return {
    callId: row.callId,
    pbxId: row.pbxId,
    linkedid: row.linkedid,
    direction: row.direction,
    from: row.fromNumber,
    to: row.toNumber,
    answeredBy: row.answeredBy,
    disposition: row.disposition,
    startedAt: toIso(row.startedAt),
    answeredAt: row.answeredAt === null ? null : toIso(row.answeredAt),
    endedAt: toIso(row.endedAt),
    waitSeconds: row.waitSeconds,
    talkSeconds: row.talkSeconds,
    extensions: row.extensions,
    transfers: row.transfers,
    legs: row.legs,
    queue: row.queue,
    recording: row.recordingPath,
    hangupCause: row.hangupCause,
  };
}

/** The tracker's format (UTC, `+00:00`): the same instant as stored; the original offset is not kept. */
function toIso(time: Date): string {
  return time.toISOString().replace('Z', '+00:00');
}
