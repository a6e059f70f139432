import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Asterisk writes a CDR at every call's end: a file untouched this long means CDRs are being lost somewhere. */
export const CDR_SILENT_AFTER_MS = 24 * 3_600_000;

/**
 * What is wrong with the CDR file gap-fill reads, or null. cdr_csv appends to Master.csv but never creates its
 * directory: without it Asterisk drops every CDR (a warning in its own log only) and gap-fill finds nothing to
 * recover, silently. A file missing while its directory exists is fine (no call has ended yet); one not written for
 * a day is suspicious in an office that takes calls.
 */
export async function cdrFileWarning(
  path: string,
  nowMs: number = Date.now(),
  silentAfterMs: number = CDR_SILENT_AFTER_MS,
): Promise<string | null> {
  const directory = dirname(path);
  try {
    await stat(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      return `cannot read ${directory}: ${(error as Error).message}`;
    return (
      `${directory} does not exist: Asterisk writes no CDR without it, so calls that end while AMI is down cannot be ` +
      `recovered (create it where Asterisk writes cdr-csv, and mount it at GAPFILL_CDR_CSV_PATH's directory)`
    );
  }
  try {
    const { mtimeMs } = await stat(path);
    const silentHours = Math.floor((nowMs - mtimeMs) / 3_600_000);
    return nowMs - mtimeMs > silentAfterMs
      ? `${path} has not been written for ${silentHours} h: check that cdr_csv is loaded and cdr.conf's [csv] is on`
      : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return `cannot read ${path}: ${(error as Error).message}`;
  }
}
