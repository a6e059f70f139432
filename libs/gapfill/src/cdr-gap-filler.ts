import type { CallRecord, CallTrackerOptions } from '@app/calls';
import type { CdrCheckpointStore } from './cdr-checkpoint';
import { cdrRowsToCallRecords } from './cdr-call.builder';
import { readCdrFile } from './cdr-file.reader';
import type { CdrLineProblem } from './gapfill.exception';

export interface CdrGapFillOptions extends CallTrackerOptions {
  /** this PBX's cdr_csv Master.csv */
  readonly cdrCsvPath: string;
  /** calls that ended longer ago are left alone */
  readonly lookbackMs: number;
}

export interface GapFillReport {
  /** the calls handed to `publish` */
  readonly recovered: readonly CallRecord[];
  readonly rowsRead: number;
  /** calls the caller said it knows (live now, or still tracked) */
  readonly skippedKnown: number;
  /** calls that ended before the lookback */
  readonly skippedOld: number;
  readonly problems: readonly CdrLineProblem[];
  /** the file was new (rotated or truncated) and was read from its start */
  readonly restarted: boolean;
}

/** A call spans at most this long: rows that ended this much before the lookback cannot belong to a call inside it. */
const LONGEST_CALL_MS = 12 * 3_600_000;

/**
 * Recovers, for one PBX, the calls that ended while nobody listened to its AMI: the CDR lines written since the last
 * checkpoint become call records; calls the caller still knows and calls older than the lookback are left out.
 * The checkpoint moves only once `publish` has taken the records, so a failed hand-off is read again next time.
 */
export class CdrGapFiller {
  constructor(
    private readonly options: CdrGapFillOptions,
    private readonly checkpoints: CdrCheckpointStore,
    private readonly now: () => number = Date.now,
  ) {}

  get path(): string {
    return this.options.cdrCsvPath;
  }

  async recover(
    isKnown: (linkedid: string) => boolean,
    publish: (records: readonly CallRecord[]) => Promise<void>,
  ): Promise<GapFillReport> {
    const { pbxId, cdrCsvPath, lookbackMs } = this.options;
    const since = this.now() - lookbackMs;
    const read = await readCdrFile(cdrCsvPath, await this.checkpoints.load(pbxId), {
      keepRow: (row) => row.endMs >= since - LONGEST_CALL_MS,
    });
    const records = cdrRowsToCallRecords(read.rows, this.options);
    const recent = records.filter((r) => Date.parse(r.endedAt) >= since);
    const recovered = recent.filter((r) => !isKnown(r.linkedid));
    if (recovered.length > 0) await publish(recovered);
    await this.checkpoints.save(pbxId, read.checkpoint);
    return {
      recovered,
      rowsRead: read.rows.length,
      skippedKnown: recent.length - recovered.length,
      skippedOld: records.length - recent.length,
      problems: read.problems,
      restarted: read.restarted,
    };
  }
}
