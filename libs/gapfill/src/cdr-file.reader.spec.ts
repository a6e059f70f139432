import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCdrFile } from './cdr-file.reader';
import { GapFillErrorCode, GapFillException } from './gapfill.exception';

/** A cdr_csv line of call `linkedid` ending at 10:00:<second> UTC. */
function line(linkedid: string, second = 10): string {
  const end = `2026-11-26 10:00:${String(second).padStart(2, '0')}`;
  return (
    `"","79161234567","74951234567","from-mts",""""" <79161234567>","PJSIP/mts-1","PJSIP/1001-2","Dial",` +
    `"PJSIP/1001,20","2026-11-26 10:00:00","2026-11-26 10:00:02","${end}",${second},${second - 2},"ANSWERED",` +
    `"DOCUMENTATION","${linkedid}","","","${linkedid}",1\n`
  );
}

describe('readCdrFile', () => {
  let dir: string;
  let path: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cdr-reader-'));
    path = join(dir, 'Master.csv');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a missing file as an empty one (Asterisk writes it at its first CDR)', async () => {
    const sut = await readCdrFile(path, null);

    expect(sut.rows).toEqual([]);
    expect(sut.checkpoint.offset).toBe(0);
    expect(sut.restarted).toBe(false);
  });

  it('reads only what was written since the checkpoint', async () => {
    writeFileSync(path, line('A') + line('B'));
    const first = await readCdrFile(path, null);
    appendFileSync(path, line('C'));

    const sut = await readCdrFile(path, first.checkpoint);

    expect(first.rows.map((r) => r.linkedId)).toEqual(['A', 'B']);
    expect(sut.rows.map((r) => r.linkedId)).toEqual(['C']);
    expect(sut.restarted).toBe(false);
  });

  it('leaves a line still being written for the next read, in small chunks too', async () => {
    const c = line('C');
    writeFileSync(path, line('A') + c.slice(0, 40));
    const first = await readCdrFile(path, null, { chunkBytes: 7 });
    appendFileSync(path, c.slice(40));

    const sut = await readCdrFile(path, first.checkpoint, { chunkBytes: 7 });

    expect(first.rows.map((r) => r.linkedId)).toEqual(['A']);
    expect(first.checkpoint.offset).toBe(Buffer.byteLength(line('A')));
    expect(sut.rows.map((r) => r.linkedId)).toEqual(['C']);
  });

  it('starts over on a file smaller than the checkpoint (truncated)', async () => {
    writeFileSync(path, line('A') + line('B'));
    const first = await readCdrFile(path, null);
    writeFileSync(path, line('C'));

    const sut = await readCdrFile(path, first.checkpoint);

    expect(sut.rows.map((r) => r.linkedId)).toEqual(['C']);
    expect(sut.restarted).toBe(true);
  });

  it('starts over on a new file that grew past the checkpoint (rotated: it begins differently)', async () => {
    writeFileSync(path, line('A'));
    const first = await readCdrFile(path, null);
    writeFileSync(path, line('X') + line('Y') + line('Z'));

    const sut = await readCdrFile(path, first.checkpoint);

    expect(sut.rows.map((r) => r.linkedId)).toEqual(['X', 'Y', 'Z']);
    expect(sut.restarted).toBe(true);
  });

  it('drops rows the caller does not want while reading', async () => {
    writeFileSync(path, line('A', 10) + line('B', 30));

    const sut = await readCdrFile(path, null, { keepRow: (row) => row.duration > 20 });

    expect(sut.rows.map((r) => r.linkedId)).toEqual(['B']);
  });

  it('reports a line of another width and goes past it', async () => {
    writeFileSync(path, '"1001","1002"\n' + line('A'));

    const sut = await readCdrFile(path, null);

    expect(sut.rows.map((r) => r.linkedId)).toEqual(['A']);
    expect(sut.problems.map((p) => [p.code, p.offset])).toEqual([[GapFillErrorCode.UnexpectedColumns, 0]]);
  });

  it('refuses a path that cannot be read as a file', async () => {
    await expect(readCdrFile(dir, null)).rejects.toMatchObject({
      constructor: GapFillException,
      code: GapFillErrorCode.CdrFileUnreadable,
    });
  });
});
