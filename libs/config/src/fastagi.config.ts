import { Expose, plainToInstance } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MinLength, ValidateIf, validateSync } from 'class-validator';
import { ConfigException } from './config.exception';
import { deepFreeze } from './deep-freeze';
import { IsListenHost, IsTcpPort, IsUrlWithProtocol } from './environment.validators';

const FIELD_CODE = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
const FIELD_CODE_MESSAGE = 'must be an ELMA365 field code (letters, digits, _)';

/** FastAGI routing variables; to be merged into EnvironmentDto. Empty values count as unset, as there. */
export class FastAgiEnvironmentDto {
  @Expose()
  @IsIn(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  FASTAGI_ENABLED: string = 'false';

  /** Loopback unless set: a FastAGI server answers who is calling to whoever connects. */
  @Expose()
  @IsListenHost()
  FASTAGI_HOST: string = '127.0.0.1';

  /**
   * Who may open a session: IP addresses, host names (resolved again when an unknown address connects) or `*`,
   * separated by spaces or commas. Default: the PBX hosts of AMI_URL (and loopback).
   */
  @Expose()
  @IsOptional()
  @Matches(/^[A-Za-z0-9.:*_\-, ]{1,2000}$/, { message: 'must be host names or IP addresses separated by spaces' })
  FASTAGI_ALLOWED_PEERS?: string;

  /** CRM lookups running at once; a call arriving over it gets the default route at once, costing no request. */
  @Expose()
  @Matches(/^\d{1,4}$/, { message: 'must be a whole number of lookups' })
  FASTAGI_MAX_LOOKUPS: string = '20';

  @Expose()
  @IsTcpPort()
  FASTAGI_PORT: string = '4573';

  /** Asterisk waits on the AGI for at most this long; the call must never wait on ELMA365. */
  @Expose()
  @Matches(/^\d{2,5}$/, { message: 'must be a number of milliseconds (10-99999)' })
  FASTAGI_DEADLINE_MS: string = '300';

  @Expose()
  @Matches(/^\d{1,5}$/, { message: 'must be a whole number of sessions' })
  FASTAGI_MAX_SESSIONS: string = '200';

  /** The company's ELMA365 host for `/pub/v1` lookups. Empty: every call gets the default route. */
  @Expose()
  @IsOptional()
  @IsUrlWithProtocol(['http:', 'https:'])
  ELMA365_API_URL?: string;

  @Expose()
  @ValidateIf((env: FastAgiEnvironmentDto) => env.ELMA365_API_URL !== undefined)
  @IsString({ message: 'is required when ELMA365_API_URL is set' })
  @MinLength(8, { message: 'must be at least 8 characters' })
  ELMA365_API_TOKEN?: string;

  /** `namespace/code` of the app holding the callers */
  @Expose()
  @Matches(/^[A-Za-z0-9_]{1,100}\/[A-Za-z0-9_]{1,100}$/, { message: 'must be namespace/code, e.g. _clients/_contacts' })
  ELMA365_CONTACTS_APP: string = '_clients/_contacts';

  @Expose()
  @Matches(FIELD_CODE, { message: FIELD_CODE_MESSAGE })
  ELMA365_CONTACT_PHONE_FIELD: string = '_phone';

  @Expose()
  @Matches(FIELD_CODE, { message: FIELD_CODE_MESSAGE })
  ELMA365_CONTACT_RESPONSIBLE_FIELD: string = '_responsible';

  /** A contact field whose value `voicemail` (or `forward`) overrides the routing; unset: not used. */
  @Expose()
  @IsOptional()
  @Matches(FIELD_CODE, { message: FIELD_CODE_MESSAGE })
  ELMA365_CONTACT_ROUTING_FIELD?: string;

  /** The telephony module whose user bindings map users to extensions (custom modules start with `ext_`). */
  @Expose()
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,100}$/, { message: 'must be a module code, e.g. ext_asterisk' })
  ELMA365_TELEPHONY_MODULE_CODE?: string;

  /** Alternative to the bindings: a user field holding the extension. */
  @Expose()
  @IsOptional()
  @Matches(FIELD_CODE, { message: FIELD_CODE_MESSAGE })
  ELMA365_USER_EXTENSION_FIELD?: string;

  /** A lookup keeps running after the deadline so that its answer fills the cache for the next call. */
  @Expose()
  @Matches(/^\d{2,6}$/, { message: 'must be a number of milliseconds (10-999999)' })
  ELMA365_API_TIMEOUT_MS: string = '5000';

  @Expose()
  @Matches(/^\d{1,6}$/, { message: 'must be a number of seconds' })
  CRM_ROUTING_CACHE_SECONDS: string = '300';

  /**
   * /pub/v1 requests per minute for CRM routing and generic mode together, shared by every process (SaaS Standard:
   * 90 + 5 per licence). A routing lookup over it gets the default route.
   */
  @Expose()
  @Matches(/^\d{1,6}$/, { message: 'must be a whole number of requests per minute (0: no limit)' })
  ELMA365_API_RATE_LIMIT_PER_MINUTE: string = '90';

  /** Bindings and users change rarely and cost one request for everybody: kept longer than contacts. */
  @Expose()
  @Matches(/^\d{1,6}$/, { message: 'must be a number of seconds' })
  CRM_ROUTING_DIRECTORY_CACHE_SECONDS: string = '900';
}

export interface CrmRoutingConfig {
  readonly apiUrl: string;
  readonly apiToken: string;
  readonly contactsApp: { readonly namespace: string; readonly code: string };
  readonly contactPhoneField: string;
  readonly contactResponsibleField: string;
  readonly contactRoutingField: string | null;
  readonly telephonyModuleCode: string | null;
  readonly userExtensionField: string | null;
  readonly requestTimeoutMs: number;
  readonly cacheSeconds: number;
  readonly directoryCacheSeconds: number;
  /** lookups running at once; above it a call gets the default route without one */
  readonly maxLookupsInFlight: number;
  /** /pub/v1 requests a minute, shared with generic mode (ELMA365_API_RATE_LIMIT_PER_MINUTE); 0: no limit */
  readonly apiRateLimitPerMinute: number;
}

/** The FastAGI settings: `AppConfig.fastAgi`, and the injection token FastAgiModule provides from it. */
export abstract class FastAgiConfig {
  abstract readonly enabled: boolean;
  abstract readonly host: string;
  abstract readonly port: number;
  abstract readonly deadlineMs: number;
  abstract readonly maxSessions: number;
  /** addresses or host names allowed to connect; `*` lets anybody */
  abstract readonly allowedPeers: readonly string[];
  /** null when ELMA365_API_URL is unset: every call is routed by the dialplan's defaults */
  abstract readonly crm: CrmRoutingConfig | null;
}

/** @throws ConfigException listing every bad variable, never with a secret in its message */
export function loadFastAgiConfig(
  env: Readonly<Record<string, string | undefined>>,
  pbxHosts: readonly string[] = [],
): FastAgiConfig {
  const dto = plainToInstance(FastAgiEnvironmentDto, withoutBlankValues(env), {
    excludeExtraneousValues: true,
    exposeDefaultValues: true,
  });
  const errors = validateSync(dto, { stopAtFirstError: true });
  if (errors.length > 0) {
    throw new ConfigException(
      errors.map((error) => ({
        variable: error.property,
        message: `${error.property}: ${Object.values(error.constraints ?? {}).join('; ')}`,
      })),
    );
  }
  return deepFreeze<FastAgiConfig>({
    enabled: ['true', '1', 'yes'].includes(dto.FASTAGI_ENABLED.toLowerCase()),
    host: dto.FASTAGI_HOST,
    port: Number(dto.FASTAGI_PORT),
    deadlineMs: Number(dto.FASTAGI_DEADLINE_MS),
    maxSessions: Number(dto.FASTAGI_MAX_SESSIONS),
    allowedPeers: allowedPeersOf(dto.FASTAGI_ALLOWED_PEERS, pbxHosts),
    crm: crmRoutingConfig(dto),
  });
}

function crmRoutingConfig(dto: FastAgiEnvironmentDto): CrmRoutingConfig | null {
  if (dto.ELMA365_API_URL === undefined || dto.ELMA365_API_TOKEN === undefined) return null;
  const [namespace, code] = dto.ELMA365_CONTACTS_APP.split('/');
  return {
    apiUrl: dto.ELMA365_API_URL.replace(/\/+$/, ''),
    apiToken: dto.ELMA365_API_TOKEN,
    contactsApp: { namespace, code },
    contactPhoneField: dto.ELMA365_CONTACT_PHONE_FIELD,
    contactResponsibleField: dto.ELMA365_CONTACT_RESPONSIBLE_FIELD,
    contactRoutingField: dto.ELMA365_CONTACT_ROUTING_FIELD ?? null,
    telephonyModuleCode: dto.ELMA365_TELEPHONY_MODULE_CODE ?? null,
    userExtensionField: dto.ELMA365_USER_EXTENSION_FIELD ?? null,
    requestTimeoutMs: Number(dto.ELMA365_API_TIMEOUT_MS),
    cacheSeconds: Number(dto.CRM_ROUTING_CACHE_SECONDS),
    directoryCacheSeconds: Number(dto.CRM_ROUTING_DIRECTORY_CACHE_SECONDS),
    maxLookupsInFlight: Number(dto.FASTAGI_MAX_LOOKUPS),
    apiRateLimitPerMinute: Number(dto.ELMA365_API_RATE_LIMIT_PER_MINUTE),
  };
}

/** Always loopback; the PBX hosts unless the list is given. */
function allowedPeersOf(list: string | undefined, pbxHosts: readonly string[]): string[] {
  const given = list?.split(/[\s,]+/).filter(Boolean);
  return [...new Set(['127.0.0.1', '::1', ...(given ?? pbxHosts)])];
}

function withoutBlankValues(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const entries = Object.entries(env).flatMap(([name, value]) => {
    const trimmed = value?.trim();
    return trimmed ? [[name, trimmed] as const] : [];
  });
  return Object.fromEntries(entries);
}
