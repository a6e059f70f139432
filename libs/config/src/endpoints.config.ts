import { Expose, Transform } from 'class-transformer';
import { IsOptional } from 'class-validator';
import type { CountryCode } from 'libphonenumber-js';
import { type Environment, readSection, type SectionResult } from './config-section';
import { IsPhoneRegion, IsRegExpSource } from './environment.validators';

const toUpperCase = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.toUpperCase() : value;

/** How channels are told apart (extension or trunk) and how numbers without a country code are read. */
export class EndpointsEnvironmentDto {
  @Expose()
  @IsRegExpSource()
  INTERNAL_EXTENSION_PATTERN: string = '^\\d{2,6}$';

  @Expose()
  @IsOptional()
  @IsRegExpSource()
  TRUNK_ENDPOINT_PATTERN?: string;

  @Expose()
  @Transform(toUpperCase)
  @IsPhoneRegion()
  PHONE_DEFAULT_REGION: string = 'RU';
}

export interface EndpointClassificationConfig {
  /** An endpoint whose name matches is an internal extension (e.g. PJSIP/1001 -> "1001"). */
  readonly internalExtensionPattern: RegExp;
  /** When set, only matching endpoints are trunks; when null, every non-extension endpoint is a trunk. */
  readonly trunkEndpointPattern: RegExp | null;
}

export interface EndpointsConfig {
  readonly endpoints: EndpointClassificationConfig;
  readonly phone: { readonly defaultRegion: CountryCode };
}

/** `AppConfig.endpoints` and `AppConfig.phone`. */
export function loadEndpointsConfig(env: Environment): SectionResult<EndpointsConfig> {
  const { values, issues } = readSection(EndpointsEnvironmentDto, env);
  if (issues.length > 0) return { issues };
  const trunk = values.TRUNK_ENDPOINT_PATTERN;
  return {
    issues,
    value: {
      endpoints: {
        internalExtensionPattern: new RegExp(values.INTERNAL_EXTENSION_PATTERN),
        trunkEndpointPattern: trunk === undefined ? null : new RegExp(trunk),
      },
      phone: { defaultRegion: values.PHONE_DEFAULT_REGION as CountryCode },
    },
  };
}
