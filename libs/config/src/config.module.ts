import { Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { loadProcessConfig } from './load-config';

/**
 * Provides AppConfig to every module. The one place that reads process.env, once per application; a bad
 * environment fails the boot with a ConfigException. Tests override the AppConfig provider instead.
 */
@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: (): AppConfig => loadProcessConfig() }],
  exports: [AppConfig],
})
export class ConfigModule {}
