import { Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, createAppLogger } from '@app/config';

/** Starts an HTTP app (the API alone or the all-in-one process) on HTTP_HOST:HTTP_PORT. */
export async function bootstrapHttpApp(rootModule: Type<unknown>, appName: string): Promise<NestExpressApplication> {
  // Logs stay buffered until the configured logger is in place; a failed boot prints only its reason.
  const app = await NestFactory.create<NestExpressApplication>(rootModule, {
    bufferLogs: true,
    autoFlushLogs: false,
    abortOnError: false,
  });
  const config = app.get(AppConfig);
  app.useLogger(createAppLogger(config));
  app.flushLogs();
  app.disable('x-powered-by');
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });

  const { host, port } = config.http;
  await app.listen(port, host);
  new Logger(appName).log(`Listening on http://${host.includes(':') ? `[${host}]` : host}:${port}`);
  return app;
}
