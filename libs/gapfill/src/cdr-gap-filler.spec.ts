import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallRecord } from '@app/calls';
import type { CdrCheckpoint, CdrCheckpointStore } from './cdr-checkpoint';
import { CdrGapFiller } from './cdr-gap-filler';

/** Checkpoints in memory, as Redis would keep them. */
class MemoryCheckpoints implements CdrCheckpointStore {
  readonly saved = new Map<string, CdrCheckpoint>();

  async load(pbxId: string): Promise<CdrCheckpoint | null> {
    return this.saved.get(pbxId) ?? null;
  }

  async save(pbxId: string, checkpoint: CdrCheckpoint): Promise<void> {
    this.saved.set(pbxId, checkpoint);
  }
}

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

/** A one-row answered call `linkedid` that ended `hoursAgo` before NOW. */
function line(linkedid: string, hoursAgo: number): string {
  const end = new Date(NOW - hoursAgo * 3_600_000);
  const start = new Date(end.getTime() - 10_000);
  const time = (d: Date): string => `"${d.toISOString().slice(0, 19).replace('T', ' ')}"`;
  return (
    `"","79161234567","74951234567","from-mts","","PJSIP/mts-1","PJSIP/1001-2","Dial","PJSIP/1001,20",` +
    `${time(start)},${time(new Date(start.getTime() + 2000))},${time(end)},10,8,"ANSWERED","DOCUMENTATION",` +
    `"${linkedid}","","","${linkedid}",1\n`
  );
}

describe('CdrGapFiller', () => {
  let dir: string;
  let path: string;
  let checkpoints: MemoryCheckpoints;
  let sut: CdrGapFiller;
  let published: CallRecord[];
  const publish = async (records: readonly CallRecord[]): Promise<void> => {
    published.push(...records);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cdr-gapfill-'));
    path = join(dir, 'Master.csv');
    checkpoints = new MemoryCheckpoints();
    published = [];
    sut = new CdrGapFiller(
      {
        pbxId: 'office',
        internalExtensionPattern: /^\d{2,6}$/,
        defaultRegion: 'RU',
        cdrCsvPath: path,
        lookbackMs: 24 * 3_600_000,
      },
      checkpoints,
      () => NOW,
    );
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('hands on the calls that ended within the lookback and that the caller does not know', async () => {
    writeFileSync(path, line('ancient', 40) + line('old', 30) + line('live', 1) + line('gone', 2));

    const report = await sut.recover((linkedid) => linkedid === 'live', publish);

    expect(published.map((r) => r.callId)).toEqual(['office:gone']);
    // a row far older than the lookback is dropped while reading; one near it still joins its call, then is left out
    expect(report).toMatchObject({ rowsRead: 3, skippedKnown: 1, skippedOld: 1, restarted: false, problems: [] });
  });

  it('keeps its place: a second run reads only the lines written since', async () => {
    writeFileSync(path, line('first', 2));
    await sut.recover(() => false, publish);
    appendFileSync(path, line('second', 1));

    await sut.recover(() => false, publish);

    expect(published.map((r) => r.linkedid)).toEqual(['first', 'second']);
  });

  it('does not move its checkpoint when the records could not be handed on', async () => {
    writeFileSync(path, line('A', 1));
    const failing = async (): Promise<void> => {
      throw new Error('Redis is away');
    };

    await expect(sut.recover(() => false, failing)).rejects.toThrow('Redis is away');
    await sut.recover(() => false, publish);

    expect(published.map((r) => r.linkedid)).toEqual(['A']);
  });
});
