import { Expose, Transform } from 'class-transformer';
import { IsIn } from 'class-validator';
import { type Environment, readSection, type SectionResult } from './config-section';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from './log-level';

const toLowerCase = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.toLowerCase() : value;

/** What the connector logs and how. */
export class LogEnvironmentDto {
  @Expose()
  @Transform(toLowerCase)
  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'log';

  @Expose()
  @IsIn(LOG_FORMATS, { message: `must be one of ${LOG_FORMATS.join(', ')}` })
  LOG_FORMAT: LogFormat = 'auto';
}

export interface LogConfig {
  readonly level: LogLevel;
  readonly format: LogFormat;
}

/** `AppConfig.log`. */
export function loadLogConfig(env: Environment): SectionResult<LogConfig> {
  const { values, issues } = readSection(LogEnvironmentDto, env);
  return issues.length > 0 ? { issues } : { value: { level: values.LOG_LEVEL, format: values.LOG_FORMAT }, issues };
}
