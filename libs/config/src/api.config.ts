import { Expose } from 'class-transformer';
import { IsOptional, IsString, Matches, MinLength, ValidateIf } from 'class-validator';
import { type Environment, readSection, type SectionResult } from './config-section';
import { IsUrlWithProtocol } from './environment.validators';

/** Who may use the API and the admin pages, and how the connector is reached from outside. */
export class ApiEnvironmentDto {
  /** Comma-separated bearer keys for /api/v1. */
  @Expose()
  @IsOptional()
  @Matches(/^[A-Za-z0-9._~+/=-]{16,}(,[A-Za-z0-9._~+/=-]{16,})*$/, {
    message: 'must be comma-separated keys of at least 16 characters (letters, digits, ._~+/=-)',
  })
  API_KEYS?: string;

  @Expose()
  @IsOptional()
  @Matches(/^[^:\s]{1,64}$/, { message: 'must be a user name without spaces or ":"' })
  ADMIN_USER?: string;

  @Expose()
  @ValidateIf((env: ApiEnvironmentDto) => env.ADMIN_USER !== undefined)
  @IsString({ message: 'is required when ADMIN_USER is set' })
  @MinLength(12, { message: 'must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  @Expose()
  @IsUrlWithProtocol(['http:', 'https:'])
  PUBLIC_BASE_URL: string = 'http://127.0.0.1:3000';

  @Expose()
  @Matches(/^\d{1,5}$/, { message: 'must be a number of seconds' })
  EXTENSIONS_CACHE_SECONDS: string = '30';
}

export interface ApiConfig {
  /** bearer keys accepted by /api/v1 (compared in constant time); empty: the API answers 401 to everything */
  readonly keys: readonly string[];
  /** basic-auth credentials for /docs and /admin/queues; null: those pages are off */
  readonly admin: { readonly user: string; readonly password: string } | null;
  /** how this connector is reached from outside (signed recording links), e.g. https://connector.example.ru */
  readonly publicBaseUrl: string;
  /** PJSIPShowEndpoints results are reused this long */
  readonly extensionsCacheSeconds: number;
}

/** `AppConfig.api`. */
export function loadApiConfig(env: Environment): SectionResult<ApiConfig> {
  const { values, issues } = readSection(ApiEnvironmentDto, env);
  if (issues.length > 0) return { issues };
  const { ADMIN_USER: user, ADMIN_PASSWORD: password } = values;
  return {
    issues,
    value: {
      keys: values.API_KEYS === undefined ? [] : values.API_KEYS.split(','),
      admin: user === undefined || password === undefined ? null : { user, password },
      publicBaseUrl: values.PUBLIC_BASE_URL.replace(/\/+$/, ''),
      extensionsCacheSeconds: Number(values.EXTENSIONS_CACHE_SECONDS),
    },
  };
}
