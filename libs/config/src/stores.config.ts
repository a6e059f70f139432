import { Expose } from 'class-transformer';
import { type Environment, readSection, type SectionResult } from './config-section';
import { IsUrlWithProtocol } from './environment.validators';

/** Redis (the queues, live cards) and PostgreSQL (calls, records). */
export class StoresEnvironmentDto {
  @Expose()
  @IsUrlWithProtocol(['redis:', 'rediss:'])
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  @Expose()
  @IsUrlWithProtocol(['postgres:', 'postgresql:'])
  DATABASE_URL: string = 'postgres://connector:connector@127.0.0.1:5432/connector';
}

export interface StoresConfig {
  readonly redis: { readonly url: string };
  readonly database: { readonly url: string };
}

/** `AppConfig.redis` and `AppConfig.database`. */
export function loadStoresConfig(env: Environment): SectionResult<StoresConfig> {
  const { values, issues } = readSection(StoresEnvironmentDto, env);
  if (issues.length > 0) return { issues };
  return { issues, value: { redis: { url: values.REDIS_URL }, database: { url: values.DATABASE_URL } } };
}
