import type { LogLevel } from '@app/config';
import type { Level } from 'pino';

const PINO_LEVELS: Readonly<Record<LogLevel, Level>> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** LOG_LEVEL speaks Nest's names; pino calls `log` info and `verbose` trace. */
export function pinoLevelOf(level: LogLevel): Level {
  return PINO_LEVELS[level];
}
