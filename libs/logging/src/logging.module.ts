import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig } from '@app/config';
import { pinoHttpOptions } from './pino-http-options';

export interface LoggingModuleOptions {
  /** where the JSON lines go; stdout by default (tests capture them here) */
  readonly destination?: DestinationStream;
}

/**
 * nestjs-pino configured from AppConfig: request logs plus a Nest LoggerService (`app.useLogger(app.get(Logger))`
 * from nestjs-pino) so every `new Logger(Context)` in the app writes JSON with its context.
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
            return { pinoHttp: options.destination ? [pinoHttp, options.destination] : pinoHttp };
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
