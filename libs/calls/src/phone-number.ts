import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

const UNKNOWN = new Set(['', '<unknown>', 'unknown', 'anonymous', 's']);

/** True for values Asterisk uses when it has no number. */
export function isUnknownNumber(raw: string | undefined | null): boolean {
  return raw === undefined || raw === null || UNKNOWN.has(raw.trim().toLowerCase());
}

/**
 * External numbers to E.164 (`89161234567`, `79161234567` -> `+79161234567` for RU);
 * anything libphonenumber cannot place (short numbers, service codes) is kept as dialled.
 */
export function normalizePhoneNumber(raw: string, region: string): string {
  const trimmed = raw.trim();
  const cleaned = trimmed.replace(/[\s()\-.]/g, '').replace(/^00(?=[1-9])/, '+');
  if (!/^\+?\d+$/.test(cleaned)) return trimmed;
  const parsed = parsePhoneNumberFromString(cleaned, region as CountryCode);
  if (parsed && (parsed.isValid() || parsed.isPossible())) return parsed.number;
  return cleaned;
}

/**
 * The number a Dial() sent to a trunk: `89161234567@mts-trunk` (PJSIP), `mts/89161234567` (SIP, IAX2),
 * `mts-trunk/sip:89161234567@host:5060` (PJSIP URI form).
 */
export function numberFromDialString(dialString: string): string | undefined {
  let s = dialString.trim();
  const comma = s.indexOf(',');
  if (comma >= 0) s = s.slice(0, comma);
  const uri = /sips?:([^@;>]+)@/i.exec(s);
  if (uri) return digitsOrUndefined(uri[1]);
  const at = s.indexOf('@');
  if (at > 0) return digitsOrUndefined(s.slice(0, at));
  const slash = s.lastIndexOf('/');
  if (slash >= 0) return digitsOrUndefined(s.slice(slash + 1));
  return digitsOrUndefined(s);
}

function digitsOrUndefined(value: string): string | undefined {
  const v = value.trim();
  return /^\+?[\d*#]+$/.test(v) ? v : undefined;
}
