import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js';
import { normalizePhoneNumber } from '@app/calls';

export interface DialTarget {
  /** what the toll-fraud guard checks and the operator sees: E.164 (`+79161234567`) or an extension */
  readonly number: string;
  /** what the dialplan receives as Exten: E.164 digits without `+`, or the extension */
  readonly exten: string;
  readonly internal: boolean;
}

/**
 * `Exten` drops the `+`: a `+` is a literal in dialplan patterns, and most dialplans (the lab's `_7XXXXXXXXXX`,
 * FreePBX outbound routes) match digits; the national prefix or an international one is the dialplan's business.
 */
export function dialTarget(phone: string, region: CountryCode, internalExtension: RegExp): DialTarget {
  const trimmed = phone.trim();
  if (internalExtension.test(trimmed)) return { number: trimmed, exten: trimmed, internal: true };
  const number = normalizePhoneNumber(trimmed, region);
  return { number, exten: number.replace(/^\+/, ''), internal: false };
}

/** Why the toll-fraud guard refuses the target, or undefined when one of the allowed patterns matches. */
export function notAllowedReason(
  target: DialTarget,
  allowed: readonly RegExp[],
  region: CountryCode,
): string | undefined {
  if (allowed.some((pattern) => pattern.test(target.number))) return undefined;
  if (target.internal) return `Extension ${target.number} is not allowed for click-to-call`;
  if (target.number.startsWith('+') && !target.number.startsWith(`+${getCountryCallingCode(region)}`)) {
    return `International number ${target.number} is not allowed for click-to-call`;
  }
  return `Number ${target.number} matches none of the allowed click-to-call patterns`;
}
