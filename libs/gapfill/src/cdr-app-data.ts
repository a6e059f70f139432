import { numberFromDialString } from '@app/calls';
import type { CdrRow } from './cdr-row';

/** `Dial(PJSIP/1001&PJSIP/1002,10,t)` -> the arguments of the row's last application. */
function appArgs(row: CdrRow): string[] {
  return row.lastData.split(',').map((a) => a.trim());
}

function isApp(row: CdrRow, name: string): boolean {
  return row.lastApplication.toLowerCase() === name.toLowerCase();
}

export function isRingingApp(row: CdrRow): boolean {
  return isApp(row, 'Dial') || isApp(row, 'Queue');
}

/**
 * Asterisk's Originate runs the first leg as `AppDial2` (`AppDial` for an attended transfer's consultation call);
 * a row of it without a party B is the originate's own leg that was never answered.
 */
export function isUnansweredOriginate(row: CdrRow): boolean {
  return (isApp(row, 'AppDial2') || isApp(row, 'AppDial')) && row.destinationChannel === '';
}

/** Dial's second argument, Queue's fifth: how long the phones were allowed to ring, in seconds. */
export function ringTimeoutSeconds(row: CdrRow): number | undefined {
  const arg = isApp(row, 'Dial') ? appArgs(row)[1] : isApp(row, 'Queue') ? appArgs(row)[4] : undefined;
  return arg !== undefined && /^\d+(\.\d+)?$/.test(arg) ? Number(arg) : undefined;
}

export function queueNameOf(row: CdrRow): string | undefined {
  return isApp(row, 'Queue') ? appArgs(row)[0] || undefined : undefined;
}

/**
 * The number a Dial() row sent to a trunk: its targets (`PJSIP/89161234567@mts-trunk&SIP/mts/8916…`) without the
 * technology, read like a DialBegin's DialString; the target naming `endpoint` first.
 */
export function dialledNumberOf(row: CdrRow, endpoint: string): string | undefined {
  if (!isApp(row, 'Dial')) return undefined;
  const targets = (appArgs(row)[0] ?? '').split('&').map((t) => t.slice(t.indexOf('/') + 1));
  const ordered = [...targets.filter((t) => t.includes(endpoint)), ...targets.filter((t) => !t.includes(endpoint))];
  for (const target of ordered) {
    const number = numberFromDialString(target);
    if (number !== undefined) return number;
  }
  return undefined;
}
