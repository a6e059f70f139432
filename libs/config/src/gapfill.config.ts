import { Expose } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';
import type { ConfigIssue } from './config.exception';
import { type Environment, readSection } from './config-section';
import { parseDurationList } from './duration-list';

/** Gap fill: calls recovered from Asterisk's CDR after a reconnect (docs/gap-fill.md). */
export class GapFillEnvironmentDto {
  /**
   * Gap-fill: Asterisk's cdr_csv Master.csv, read after every AMI login to recover calls that ended while the
   * connector was not listening; `{pbxId}` stands for the PBX id when several PBXs are configured. Empty: off.
   */
  @Expose()
  @IsOptional()
  @Matches(/^\//, { message: 'must be an absolute path to the cdr_csv Master.csv (or empty: off)' })
  GAPFILL_CDR_CSV_PATH?: string;

  /** Calls that ended longer ago than this are not recovered (a first start would otherwise import the whole file). */
  @Expose()
  @Matches(/^\d+(\.\d+)?(ms|s|m|h|d)$/, { message: 'must be a duration such as 24h, 90m or 7d' })
  GAPFILL_LOOKBACK: string = '24h';
}

export interface GapFillConfig {
  /** the cdr_csv Master.csv; `{pbxId}` in it is replaced by the PBX id */
  readonly cdrCsvPath: string;
  /** calls that ended longer ago are left alone */
  readonly lookbackMs: number;
}

/** `AppConfig.gapFill`: null when GAPFILL_CDR_CSV_PATH is empty; undefined (with its issues) when refused. */
export function loadGapFillConfig(env: Environment): { value?: GapFillConfig | null; issues: ConfigIssue[] } {
  const { values, issues } = readSection(GapFillEnvironmentDto, env);
  if (issues.length > 0) return { issues };
  if (values.GAPFILL_CDR_CSV_PATH === undefined) return { value: null, issues };
  return {
    issues,
    value: {
      cdrCsvPath: values.GAPFILL_CDR_CSV_PATH,
      lookbackMs: parseDurationList(values.GAPFILL_LOOKBACK)?.[0] ?? 0,
    },
  };
}
