import { type DynamicModule, Logger as NestLogger, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@app/config';
import { exitWithinDeadline, LoggingModule } from '@app/logging';
import { configureHttpApp } from './common/configure-http-app';
import { setupSwaggerDocs } from './docs/swagger-docs';

/** The HTTP process root: the app plus JSON logging, which tests leave out unless they capture it. */
@Module({})
class HttpProcessModule {}

/** Starts an HTTP app (the API alone or the all-in-one process) on HTTP_HOST:HTTP_PORT. */
export async function bootstrapHttpApp(
  rootModule: Type<unknown> | DynamicModule,
  appName: string,
): Promise<NestExpressApplication> {
  // Logs stay buffered until the configured logger is in place; a failed boot prints only its reason.
  const app = await NestFactory.create<NestExpressApplication>(
    { module: HttpProcessModule, imports: [rootModule, LoggingModule.forRoot()] },
    { bufferLogs: true, autoFlushLogs: false, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();
  const config = app.get(AppConfig);
  configureHttpApp(app);
  setupSwaggerDocs(app, config);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  exitWithinDeadline(appName);

  const { host, port } = config.http;
  await app.listen(port, host);
  new NestLogger(appName).log(`Listening on http://${host.includes(':') ? `[${host}]` : host}:${port}`);
  return app;
}
