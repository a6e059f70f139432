import { ConsoleLogger } from '@nestjs/common';
import type { AppConfig } from './app-config';
import { enabledLogLevels } from './log-level';

/** Nest's console logger at the configured level; colours only when a person is watching a terminal. */
export function createAppLogger(config: AppConfig): ConsoleLogger {
  return new ConsoleLogger({
    logLevels: enabledLogLevels(config.log.level),
    colors: process.stdout.isTTY === true,
  });
}
