import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, createAppLogger, exitOnBootFailure } from '@app/config';
import { IngestModule } from './ingest.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(IngestModule, {
    bufferLogs: true,
    autoFlushLogs: false,
    abortOnError: false,
  });
  app.useLogger(createAppLogger(app.get(AppConfig)));
  app.flushLogs();
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  new Logger('IngestApp').log('Started');
}

bootstrap().catch(exitOnBootFailure);
