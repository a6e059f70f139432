import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, createAppLogger, exitOnBootFailure } from '@app/config';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  // Logs stay buffered until the configured logger is in place; a failed boot prints only its reason.
  const app = await NestFactory.createApplicationContext(WorkerModule, {
    bufferLogs: true,
    autoFlushLogs: false,
    abortOnError: false,
  });
  app.useLogger(createAppLogger(app.get(AppConfig)));
  app.flushLogs();
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  new Logger('WorkerApp').log('Started');
}

bootstrap().catch(exitOnBootFailure);
