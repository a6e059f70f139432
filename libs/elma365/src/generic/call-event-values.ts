import { CallEvent, normalizePhoneNumber } from '@app/calls';
import type { CallPlaceholderValues } from './call-placeholders';
import type { GenericSyncTrigger } from './generic-mode.settings';

/** The event as generic mode sees it: an external call at one of the three moments it writes. */
export interface GenericCallMoment {
  readonly trigger: GenericSyncTrigger;
  readonly direction: 'in' | 'out';
  /** the client's number, E.164 when it can be placed; null when withheld */
  readonly phone: string | null;
  readonly values: CallPlaceholderValues;
}

/** null for events generic mode does not write, and for internal calls (no client in them). */
export function genericCallMoment(pbxId: string, event: CallEvent, region: string): GenericCallMoment | null {
  switch (event.type) {
    case 'call.ringing': {
      if (event.direction === 'internal') return null;
      const phone = clientPhone(event.direction, event.from, event.to, region);
      const values = { ...identity(pbxId, event.callId, event.direction, event.from, event.to, phone) };
      return { trigger: 'ringing', direction: event.direction, phone, values: { ...values, startedAt: event.at } };
    }
    case 'call.answered': {
      if (event.direction === 'internal') return null;
      const phone = clientPhone(event.direction, event.from, event.to, region);
      const values = identity(pbxId, event.callId, event.direction, event.from, event.to, phone);
      return {
        trigger: 'answered',
        direction: event.direction,
        phone,
        values: { ...values, answeredBy: event.extension },
      };
    }
    case 'call.finished': {
      const record = event.record;
      if (record.direction === 'internal') return null;
      const phone = clientPhone(record.direction, record.from, record.to, region);
      return {
        trigger: 'finished',
        direction: record.direction,
        phone,
        values: {
          ...identity(pbxId, record.callId, record.direction, record.from, record.to, phone),
          answeredBy: record.answeredBy,
          disposition: record.disposition,
          startedAt: record.startedAt,
          endedAt: record.endedAt,
          waitSeconds: record.waitSeconds,
          talkSeconds: record.talkSeconds,
          queue: record.queue,
          recording: record.recording,
        },
      };
    }
    default:
      return null;
  }
}

function identity(
  pbxId: string,
  callId: string,
  direction: 'in' | 'out',
  from: string | null,
  to: string | null,
  phone: string | null,
): CallPlaceholderValues {
  return { callId, pbxId, direction, from, to, phone };
}

/** inbound: who called; outbound: who was called */
function clientPhone(direction: 'in' | 'out', from: string | null, to: string | null, region: string): string | null {
  const raw = direction === 'in' ? from : to;
  return raw === null || raw.trim() === '' ? null : normalizePhoneNumber(raw, region);
}
