import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { cdrFileWarning } from '@app/gapfill';
import { type DiagnosticCheck, failed, passed } from './diagnostic-check';

/** The CDR CSV gap-fill reads for one PBX (`{pbxId}` already replaced): it must exist and be readable. */
export async function checkCdrFile(pbxId: string, path: string): Promise<DiagnosticCheck> {
  const heading = { id: 'gapfill.cdr-file', scope: pbxId, title: `CDR file for gap-fill: ${path}` };
  const fix =
    "mount Asterisk's cdr-csv directory into the connector (read-only is enough) at GAPFILL_CDR_CSV_PATH " +
    "({pbxId} stands for the PBX id), enable cdr_csv in cdr.conf, and let the connector's user read the file";
  const warning = await cdrFileWarning(path);
  if (warning !== null) return failed(heading, warning, fix);
  try {
    const info = await stat(path);
    if (!info.isFile()) return failed(heading, 'the path exists but is not a file', fix);
    await access(path, constants.R_OK);
    return passed(heading, `readable, ${info.size} bytes, last written ${info.mtime.toISOString()}`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable');
    return failed(heading, `${why}: calls that end while the AMI session is down are not recovered`, fix);
  }
}
