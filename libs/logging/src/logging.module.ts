import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig } from '@app/config';
import { prettyLogStream, usesPrettyLogs } from './log-format';
import { pinoHttpOptions } from './pino-http-options';

export interface LoggingModuleOptions {
  /** where the lines go (tests capture them here); default stdout, as LOG_FORMAT says */
  readonly destination?: DestinationStream;
}

/**
 * nestjs-pino configured from AppConfig: request logs plus a Nest LoggerService (`app.useLogger(app.get(Logger))`
 * from nestjs-pino) so every `new Logger(Context)` in the app writes a line with its context: JSON, or readable lines
 * at a terminal (LOG_FORMAT).
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingModuleOptions = {}): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => {
            const pinoHttp = pinoHttpOptions(config);
            const destination =
              options.destination ??
              (usesPrettyLogs(config.log.format, process.stdout.isTTY === true) ? prettyLogStream() : undefined);
            return { pinoHttp: destination ? [pinoHttp, destination] : pinoHttp };
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
