import { normalizePhoneNumber } from '@app/calls';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** `+79161234567` for a valid number in any usual notation; null for short, service or garbled numbers. */
export function phonebookE164(raw: string, region: string): string | null {
  const normalized = normalizePhoneNumber(raw, region);
  if (!normalized.startsWith('+')) return null;
  return parsePhoneNumberFromString(normalized)?.isValid() ? normalized : null;
}
