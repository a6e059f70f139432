import type { CallRecord } from '@app/calls';
import { VoipRecordV1 } from './webhook-payload';
import { voipDisposition } from './voip-disposition';
import { voipParties } from './voip-parties';

/** A finished call as ELMA365's `VoipCallRecord`. */
export function mapCallRecord(record: CallRecord): VoipRecordV1 {
  return {
    ...voipParties({
      direction: record.direction,
      from: record.from,
      to: record.to,
      operator: operatorOf(record),
    }),
    direction: record.direction,
    disposition: voipDisposition(record.disposition),
    duration: record.talkSeconds ?? 0,
    callId: record.callId,
    call: record,
  };
}

/**
 * Whose call it is in ELMA365: outbound, the calling extension; otherwise the one that answered, else the
 * first phone that rang (a missed call lands on someone rather than on the DID).
 */
function operatorOf(record: CallRecord): string | null {
  if (record.direction === 'out') return record.from ?? record.answeredBy;
  if (record.answeredBy !== null) return record.answeredBy;
  const rang = record.direction === 'internal' ? record.extensions.filter((e) => e !== record.from) : record.extensions;
  return rang[0] ?? null;
}
