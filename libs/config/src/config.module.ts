import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import type { Environment } from './config-section';
import { loadConfig, processEnvironment } from './load-config';

/** The environment an app loads its configuration from, when it is not the process's own (the sandbox's). */
export const CONFIG_ENVIRONMENT = Symbol('CONFIG_ENVIRONMENT');

/**
 * Provides AppConfig to every module, validated once per application from the process environment, or from the one
 * ConfigEnvironmentModule gives; a bad environment fails the boot with a ConfigException. Tests override the
 * AppConfig provider instead.
 */
@Global()
@Module({
  providers: [
    {
      provide: AppConfig,
      inject: [{ token: CONFIG_ENVIRONMENT, optional: true }],
      useFactory: (env: Environment | undefined): AppConfig => loadConfig(env ?? processEnvironment()),
    },
  ],
  exports: [AppConfig],
})
export class ConfigModule {}

/** Hands ConfigModule an environment of the app's choosing (the all-in-one app's sandbox) without writing process.env. */
@Module({})
export class ConfigEnvironmentModule {
  static of(env: Environment): DynamicModule {
    return {
      module: ConfigEnvironmentModule,
      global: true,
      providers: [{ provide: CONFIG_ENVIRONMENT, useValue: env }],
      exports: [CONFIG_ENVIRONMENT],
    };
  }
}
