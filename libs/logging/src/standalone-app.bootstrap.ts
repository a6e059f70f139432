import { Logger as NestLogger, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { LoggingModule } from './logging.module';
import { exitWithinDeadline } from './shutdown-deadline';

@Module({})
class StandaloneProcessModule {}

/**
 * Starts an app without HTTP (ingest, worker) with the same JSON logs and redaction as the HTTP processes, and
 * graceful shutdown.
 */
export async function bootstrapStandaloneApp(rootModule: Type<unknown>, appName: string): Promise<void> {
  // Logs stay buffered until the configured logger is in place; a failed boot prints only its reason.
  const app = await NestFactory.createApplicationContext(
    { module: StandaloneProcessModule, imports: [rootModule, LoggingModule.forRoot()] },
    { bufferLogs: true, autoFlushLogs: false, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  exitWithinDeadline(appName);
  new NestLogger(appName).log('Started');
}
