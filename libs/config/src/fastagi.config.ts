import { Expose } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ConfigException, type ConfigIssue } from './config.exception';
import { type Environment, readSection } from './config-section';
import { deepFreeze } from './deep-freeze';
import { type Elma365ApiConfig, loadElma365ApiConfig } from './elma365-api.config';
import { FIELD_CODE, FIELD_CODE_MESSAGE, IsListenHost, IsTcpPort } from './environment.validators';

/** FastAGI and CRM routing variables (the API they use is the elma365Api section's). */
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

  @Expose()
  @Matches(/^\d{1,6}$/, { message: 'must be a number of seconds' })
  CRM_ROUTING_CACHE_SECONDS: string = '300';

  /** Bindings and users change rarely and cost one request for everybody: kept longer than contacts. */
  @Expose()
  @Matches(/^\d{1,6}$/, { message: 'must be a number of seconds' })
  CRM_ROUTING_DIRECTORY_CACHE_SECONDS: string = '900';
}

/** CRM routing: the elma365Api section's API (apiUrl … apiRateLimitPerMinute) and what routing looks up there. */
export interface CrmRoutingConfig extends Elma365ApiConfig {
  readonly contactsApp: { readonly namespace: string; readonly code: string };
  readonly contactPhoneField: string;
  readonly contactResponsibleField: string;
  readonly contactRoutingField: string | null;
  readonly telephonyModuleCode: string | null;
  readonly userExtensionField: string | null;
  readonly cacheSeconds: number;
  readonly directoryCacheSeconds: number;
  /** lookups running at once; above it a call gets the default route without one */
  readonly maxLookupsInFlight: number;
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

/**
 * `AppConfig.fastAgi`; `api` is the elma365Api section (read from `env` too unless given, its problems reported
 * with this section's).
 * @throws ConfigException listing every bad variable, never with a secret in its message
 */
export function loadFastAgiConfig(
  env: Environment,
  pbxHosts: readonly string[] = [],
  api?: Elma365ApiConfig | null,
): FastAgiConfig {
  const { values: dto, issues } = readSection(FastAgiEnvironmentDto, env);
  const section = api === undefined ? readApiSection(env) : { api, issues: [] };
  if (issues.length + section.issues.length > 0) throw new ConfigException([...issues, ...section.issues]);
  return deepFreeze<FastAgiConfig>({
    enabled: ['true', '1', 'yes'].includes(dto.FASTAGI_ENABLED.toLowerCase()),
    host: dto.FASTAGI_HOST,
    port: Number(dto.FASTAGI_PORT),
    deadlineMs: Number(dto.FASTAGI_DEADLINE_MS),
    maxSessions: Number(dto.FASTAGI_MAX_SESSIONS),
    allowedPeers: allowedPeersOf(dto.FASTAGI_ALLOWED_PEERS, pbxHosts),
    crm: crmRoutingConfig(dto, section.api),
  });
}

function crmRoutingConfig(dto: FastAgiEnvironmentDto, api: Elma365ApiConfig | null): CrmRoutingConfig | null {
  if (api === null) return null;
  const [namespace, code] = dto.ELMA365_CONTACTS_APP.split('/');
  return {
    ...api,
    contactsApp: { namespace, code },
    contactPhoneField: dto.ELMA365_CONTACT_PHONE_FIELD,
    contactResponsibleField: dto.ELMA365_CONTACT_RESPONSIBLE_FIELD,
    contactRoutingField: dto.ELMA365_CONTACT_ROUTING_FIELD ?? null,
    telephonyModuleCode: dto.ELMA365_TELEPHONY_MODULE_CODE ?? null,
    userExtensionField: dto.ELMA365_USER_EXTENSION_FIELD ?? null,
    cacheSeconds: Number(dto.CRM_ROUTING_CACHE_SECONDS),
    directoryCacheSeconds: Number(dto.CRM_ROUTING_DIRECTORY_CACHE_SECONDS),
    maxLookupsInFlight: Number(dto.FASTAGI_MAX_LOOKUPS),
  };
}

function readApiSection(env: Environment): { api: Elma365ApiConfig | null; issues: readonly ConfigIssue[] } {
  try {
    return { api: loadElma365ApiConfig(env), issues: [] };
  } catch (error) {
    if (error instanceof ConfigException) return { api: null, issues: error.issues };
    throw error;
  }
}

/** Always loopback; the PBX hosts unless the list is given. */
function allowedPeersOf(list: string | undefined, pbxHosts: readonly string[]): string[] {
  const given = list?.split(/[\s,]+/).filter(Boolean);
  return [...new Set(['127.0.0.1', '::1', ...(given ?? pbxHosts)])];
}
