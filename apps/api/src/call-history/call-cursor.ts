import type { CallHistoryKey } from '@app/persistence';
import { isCalendarTimestamp } from '../common/calendar-timestamp';

const STARTED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque to clients: base64url of `<started_at>|<id>` of the last row of a page. */
export function encodeCallCursor(key: CallHistoryKey): string {
  return Buffer.from(`${key.startedAt}|${key.id}`, 'utf8').toString('base64url');
}

/** null when the text is not a cursor this API issued. */
export function decodeCallCursor(cursor: string): CallHistoryKey | null {
  const [startedAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || startedAt === undefined || id === undefined) return null;
  if (!STARTED_AT.test(startedAt) || !UUID.test(id) || !isCalendarTimestamp(startedAt)) return null;
  return { startedAt, id };
}
