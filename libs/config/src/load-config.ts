import type { CountryCode } from 'libphonenumber-js';
import { type AmiUrlParseResult, parseAmiUrls } from './ami-url.parser';
import { AppConfig, type PbxConnectionConfig } from './app-config';
import { ConfigException, type ConfigIssue } from './config.exception';
import { type Environment, readSection } from './config-section';
import { deepFreeze } from './deep-freeze';
import { EnvironmentDto } from './environment.dto';
import { loadElma365GenericConfig } from './elma365-generic.config';
import { loadClickToCallConfig } from './click-to-call.config';
import { loadDeliveryPolicyConfig, loadElma365WebhookConfig } from './elma365-webhook.config';
import { loadGapFillConfig } from './gapfill.config';
import { loadElma365ApiConfig } from './elma365-api.config';
import { loadFastAgiConfig } from './fastagi.config';

export type { Environment };

/**
 * Validates the environment once and returns the frozen configuration.
 * @throws ConfigException listing every bad variable, never with a secret in its message
 */
export function loadConfig(env: Environment): AppConfig {
  const { values: dto, issues: dtoIssues } = readSection(EnvironmentDto, env);
  const ami = parseAmiUrls(dto.AMI_URL);
  const elma365Api = loadSection(() => loadElma365ApiConfig(env));
  const fastAgi = loadSection(() =>
    loadFastAgiConfig(
      env,
      ami.pbxs.map((pbx) => pbx.host),
      elma365Api.value ?? null,
    ),
  );
  const webhook = loadElma365WebhookConfig(env);
  const delivery = loadDeliveryPolicyConfig(env);
  const clickToCall = loadClickToCallConfig(env);
  const gapFill = loadGapFillConfig(env);
  const generic = loadElma365GenericConfig(env, elma365Api.issues.length === 0 ? elma365Api.value : undefined);
  const originators = parseAmiUrls(dto.AMI_ORIGINATE_URL, 'AMI_ORIGINATE_URL');
  const issues = [
    ...dtoIssues,
    ...ami.issues,
    ...originators.issues,
    ...unknownOriginatorIssues(ami, originators),
    ...elma365Api.issues,
    ...fastAgi.issues,
    ...generic.issues,
    ...webhook.issues,
    ...delivery.issues,
    ...clickToCall.issues,
    ...gapFill.issues,
  ];
  if (
    issues.length > 0 ||
    fastAgi.value === undefined ||
    elma365Api.value === undefined ||
    webhook.value === undefined ||
    delivery.value === undefined ||
    clickToCall.value === undefined ||
    gapFill.value === undefined
  ) {
    throw new ConfigException(issues);
  }

  return deepFreeze<AppConfig>({
    ami: { pbxs: withOriginators(ami, originators) },
    endpoints: {
      internalExtensionPattern: new RegExp(dto.INTERNAL_EXTENSION_PATTERN),
      trunkEndpointPattern: dto.TRUNK_ENDPOINT_PATTERN === undefined ? null : new RegExp(dto.TRUNK_ENDPOINT_PATTERN),
    },
    phone: { defaultRegion: dto.PHONE_DEFAULT_REGION as CountryCode },
    log: { level: dto.LOG_LEVEL, format: dto.LOG_FORMAT },
    http: { host: dto.HTTP_HOST, port: Number(dto.HTTP_PORT) },
    opsHttp: Number(dto.OPS_HTTP_PORT) === 0 ? null : { host: dto.OPS_HTTP_HOST, port: Number(dto.OPS_HTTP_PORT) },
    redis: { url: dto.REDIS_URL },
    database: { url: dto.DATABASE_URL },
    elma365: webhook.value,
    delivery: delivery.value,
    elma365Api: elma365Api.value,
    fastAgi: fastAgi.value,
    elma365Generic: generic.value,
    api: {
      keys: dto.API_KEYS === undefined ? [] : dto.API_KEYS.split(','),
      admin:
        dto.ADMIN_USER === undefined || dto.ADMIN_PASSWORD === undefined
          ? null
          : { user: dto.ADMIN_USER, password: dto.ADMIN_PASSWORD },
      publicBaseUrl: dto.PUBLIC_BASE_URL.replace(/\/+$/, ''),
      extensionsCacheSeconds: Number(dto.EXTENSIONS_CACHE_SECONDS),
    },
    clickToCall: clickToCall.value,
    gapFill: gapFill.value,
    recordings: {
      dir: dto.RECORDINGS_DIR,
      linkSecret: dto.RECORDING_LINK_SECRET ?? null,
      linkTtlSeconds: Number(dto.RECORDING_LINK_TTL_SECONDS),
    },
  });
}

/** A section validated by its own DTO: its problems join the others so one message names them all. */
function loadSection<T>(load: () => T): { value?: T; issues: readonly ConfigIssue[] } {
  try {
    return { value: load(), issues: [] };
  } catch (error) {
    if (error instanceof ConfigException) return { issues: error.issues };
    throw error;
  }
}

/** The process environment, validated: for entry points outside Nest (the replay CLI). */
export function loadProcessConfig(): AppConfig {
  return loadConfig(process.env);
}

/** An AMI_ORIGINATE_URL entry whose pbx id AMI_URL does not have would never be used: refused, not ignored. */
function unknownOriginatorIssues(ami: AmiUrlParseResult, originators: AmiUrlParseResult): ConfigIssue[] {
  const known = new Set(ami.pbxs.map((pbx) => pbx.pbxId.toLowerCase()));
  return originators.pbxs
    .filter((o) => !known.has(o.pbxId.toLowerCase()))
    .map((o) => ({
      variable: 'AMI_ORIGINATE_URL',
      message: `AMI_ORIGINATE_URL: pbx id '${o.pbxId}' is not in AMI_URL (each entry names a PBX of AMI_URL)`,
    }));
}

function withOriginators(ami: AmiUrlParseResult, originators: AmiUrlParseResult): PbxConnectionConfig[] {
  return ami.pbxs.map((pbx) => {
    const originator = originators.pbxs.find((o) => o.pbxId.toLowerCase() === pbx.pbxId.toLowerCase());
    return originator === undefined ? pbx : { ...pbx, originator: { ...originator, pbxId: pbx.pbxId } };
  });
}
