import { Expose } from 'class-transformer';
import { IsOptional, IsString, Matches, MinLength } from 'class-validator';
import type { ConfigIssue } from './config.exception';
import { type Environment, readSection, type SectionResult } from './config-section';

/** Where the recordings are and how links to them are signed. */
export class RecordingsEnvironmentDto {
  @Expose()
  @IsString()
  RECORDINGS_DIR: string = '/var/spool/asterisk/monitor';

  /** HMAC key of signed recording links; required as soon as API keys are set (checked by loadRecordingsConfig). */
  @Expose()
  @IsOptional()
  @MinLength(16, { message: 'must be at least 16 characters' })
  RECORDING_LINK_SECRET?: string;

  @Expose()
  @Matches(/^\d{1,6}$/, { message: 'must be a number of seconds' })
  RECORDING_LINK_TTL_SECONDS: string = '3600';
}

export interface RecordingsConfig {
  /** where Asterisk's MixMonitor files are readable (a shared volume); paths outside it are refused */
  readonly dir: string;
  /** HMAC key of signed recording links; null: no links are issued (RECORDING_LINK_SECRET unset) */
  readonly linkSecret: string | null;
  readonly linkTtlSeconds: number;
}

/**
 * `AppConfig.recordings`.
 * @param apiKeysSet an API with keys hands out recording links, so it needs their key
 */
export function loadRecordingsConfig(env: Environment, apiKeysSet: boolean): SectionResult<RecordingsConfig> {
  const { values, issues } = readSection(RecordingsEnvironmentDto, env);
  const missing: ConfigIssue[] =
    apiKeysSet && values.RECORDING_LINK_SECRET === undefined
      ? [{ variable: 'RECORDING_LINK_SECRET', message: 'RECORDING_LINK_SECRET: is required when API_KEYS is set' }]
      : [];
  const all = [...issues, ...missing];
  if (all.length > 0) return { issues: all };
  return {
    issues: all,
    value: {
      dir: values.RECORDINGS_DIR,
      linkSecret: values.RECORDING_LINK_SECRET ?? null,
      linkTtlSeconds: Number(values.RECORDING_LINK_TTL_SECONDS),
    },
  };
}
