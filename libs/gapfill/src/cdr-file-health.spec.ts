import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CDR_SILENT_AFTER_MS, cdrFileWarning } from './cdr-file-health';

describe(cdrFileWarning.name, () => {
  const sut = cdrFileWarning;
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cdr-health-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('warns loudly when the cdr-csv directory is missing: Asterisk would drop every CDR', async () => {
    const warning = await sut(join(dir, 'cdr-csv', 'Master.csv'));

    expect(warning).toContain(`${join(dir, 'cdr-csv')} does not exist`);
    expect(warning).toContain('cannot be recovered');
  });

  it('says nothing of a directory without Master.csv yet (no call has ended) or of a fresh file', async () => {
    mkdirSync(join(dir, 'cdr-csv'));
    expect(await sut(join(dir, 'cdr-csv', 'Master.csv'))).toBeNull();

    writeFileSync(join(dir, 'cdr-csv', 'Master.csv'), '');
    expect(await sut(join(dir, 'cdr-csv', 'Master.csv'))).toBeNull();
  });

  it('warns when the file has not been written for a day', async () => {
    const path = join(dir, 'Master.csv');
    writeFileSync(path, '');
    const written = Date.now() - CDR_SILENT_AFTER_MS - 3 * 3_600_000;
    utimesSync(path, written / 1000, written / 1000);

    expect(await sut(path)).toMatch(/has not been written for 2[67] h/);
  });
});
