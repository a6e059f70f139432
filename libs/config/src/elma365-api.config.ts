import { Expose } from 'class-transformer';
import { IsOptional, IsString, Matches, MinLength, ValidateIf } from 'class-validator';
import { ConfigException } from './config.exception';
import { type Environment, readSection } from './config-section';
import { deepFreeze } from './deep-freeze';
import { IsUrlWithProtocol } from './environment.validators';

/** ELMA365's /pub/v1 API: what CRM routing, generic mode, the contact sync and the doctor all talk to. */
export class Elma365ApiEnvironmentDto {
  /** The company's ELMA365 host for `/pub/v1` requests. Empty: no API (routing by the dialplan's defaults). */
  @Expose()
  @IsOptional()
  @IsUrlWithProtocol(['http:', 'https:'])
  ELMA365_API_URL?: string;

  @Expose()
  @ValidateIf((env: Elma365ApiEnvironmentDto) => env.ELMA365_API_URL !== undefined)
  @IsString({ message: 'is required when ELMA365_API_URL is set' })
  @MinLength(8, { message: 'must be at least 8 characters' })
  ELMA365_API_TOKEN?: string;

  /** A lookup keeps running after the FastAGI deadline so that its answer fills the cache for the next call. */
  @Expose()
  @Matches(/^\d{2,6}$/, { message: 'must be a number of milliseconds (10-999999)' })
  ELMA365_API_TIMEOUT_MS: string = '5000';

  /**
   * /pub/v1 requests per minute for CRM routing and generic mode together, shared by every process (SaaS Standard:
   * 90 + 5 per licence). A routing lookup over it gets the default route.
   */
  @Expose()
  @Matches(/^\d{1,6}$/, { message: 'must be a whole number of requests per minute (0: no limit)' })
  ELMA365_API_RATE_LIMIT_PER_MINUTE: string = '90';
}

export interface Elma365ApiConfig {
  /** `https://company.elma365.ru`, without a trailing slash or `/pub/v1` */
  readonly apiUrl: string;
  readonly apiToken: string;
  readonly requestTimeoutMs: number;
  /** requests a minute, every process together; 0: no limit */
  readonly apiRateLimitPerMinute: number;
}

/**
 * `AppConfig.elma365Api`: null when ELMA365_API_URL is unset.
 * @throws ConfigException listing every bad variable, never with a secret in its message
 */
export function loadElma365ApiConfig(env: Environment): Elma365ApiConfig | null {
  const { values, issues } = readSection(Elma365ApiEnvironmentDto, env);
  if (issues.length > 0) throw new ConfigException(issues);
  if (values.ELMA365_API_URL === undefined || values.ELMA365_API_TOKEN === undefined) return null;
  return deepFreeze<Elma365ApiConfig>({
    apiUrl: values.ELMA365_API_URL.replace(/\/+$/, ''),
    apiToken: values.ELMA365_API_TOKEN,
    requestTimeoutMs: Number(values.ELMA365_API_TIMEOUT_MS),
    apiRateLimitPerMinute: Number(values.ELMA365_API_RATE_LIMIT_PER_MINUTE),
  });
}
