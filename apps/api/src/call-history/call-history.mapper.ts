import { basename } from 'node:path';
import type { CallRecord } from '@app/calls';
import type { CallDetailDto } from './dto/call-detail.dto';
import type { CallHistoryItemDto } from './dto/call-history-item.dto';

export function toCallHistoryItem(record: CallRecord): CallHistoryItemDto {
  return {
    callId: record.callId,
    pbxId: record.pbxId,
    direction: record.direction,
    from: record.from,
    to: record.to,
    answeredBy: record.answeredBy,
    disposition: record.disposition,
    startedAt: record.startedAt,
    answeredAt: record.answeredAt,
    endedAt: record.endedAt,
    waitSeconds: record.waitSeconds,
    talkSeconds: record.talkSeconds,
    extensions: record.extensions,
    transfers: record.transfers,
    queue: record.queue,
    // The file name only: where the PBX keeps it is not the client's business.
    recording: record.recording === null ? null : basename(record.recording),
    hasRecording: record.recording !== null,
  };
}

export function toCallDetail(record: CallRecord): CallDetailDto {
  return { ...toCallHistoryItem(record), legs: record.legs, hangupCause: record.hangupCause };
}
