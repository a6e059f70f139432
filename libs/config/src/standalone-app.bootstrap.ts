import { Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from './app-config';
import { createAppLogger } from './app-logger';

/** Starts an app without HTTP (ingest, worker) with the configured logger and graceful shutdown. */
export async function bootstrapStandaloneApp(rootModule: Type<unknown>, appName: string): Promise<void> {
  // Logs stay buffered until the configured logger is in place; a failed boot prints only its reason.
  const app = await NestFactory.createApplicationContext(rootModule, {
    bufferLogs: true,
    autoFlushLogs: false,
    abortOnError: false,
  });
  app.useLogger(createAppLogger(app.get(AppConfig)));
  app.flushLogs();
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  new Logger(appName).log('Started');
}
