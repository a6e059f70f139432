import { AppConfig } from './app-config';
import { loadAmiConfig } from './ami.config';
import { loadApiConfig } from './api.config';
import { loadClickToCallConfig } from './click-to-call.config';
import { ConfigException, type ConfigIssue } from './config.exception';
import type { Environment, SectionResult } from './config-section';
import { deepFreeze } from './deep-freeze';
import { loadElma365ApiConfig } from './elma365-api.config';
import { loadElma365GenericConfig } from './elma365-generic.config';
import { loadDeliveryPolicyConfig, loadElma365WebhookConfig } from './elma365-webhook.config';
import { loadEndpointsConfig } from './endpoints.config';
import { loadFastAgiConfig } from './fastagi.config';
import { loadGapFillConfig } from './gapfill.config';
import { loadHttpConfig } from './http.config';
import { loadLogConfig } from './log.config';
import { loadRecordingsConfig } from './recordings.config';
import { loadStoresConfig } from './stores.config';

/**
 * Validates the environment once, section by section (each `*.config.ts` holds a section's DTO, type and mapping),
 * and returns the frozen configuration.
 * @throws ConfigException listing every bad variable of every section, never with a secret in its message
 */
export function loadConfig(env: Environment): AppConfig {
  const ami = loadAmiConfig(env);
  const endpoints = loadEndpointsConfig(env);
  const log = loadLogConfig(env);
  const http = loadHttpConfig(env);
  const stores = loadStoresConfig(env);
  const api = loadApiConfig(env);
  const recordings = loadRecordingsConfig(env, Boolean(env.API_KEYS?.trim()));
  const elma365Api = thrownIssues(() => loadElma365ApiConfig(env));
  const fastAgi = thrownIssues(() =>
    loadFastAgiConfig(
      env,
      (ami.value?.pbxs ?? []).map((pbx) => pbx.host),
      elma365Api.value ?? null,
    ),
  );
  const generic = loadElma365GenericConfig(env, elma365Api.issues.length === 0 ? elma365Api.value : undefined);
  const webhook = loadElma365WebhookConfig(env);
  const delivery = loadDeliveryPolicyConfig(env);
  const clickToCall = loadClickToCallConfig(env);
  const gapFill = loadGapFillConfig(env);
  // The order of the message: the plain variables first, then the lists parsed on their own (AMI_URL), then ELMA365.
  const sections = [
    endpoints,
    log,
    http,
    stores,
    api,
    recordings,
    ami,
    elma365Api,
    fastAgi,
    generic,
    webhook,
    delivery,
    clickToCall,
    gapFill,
  ];
  const issues = sections.flatMap((section) => section.issues);
  if (issues.length > 0 || sections.some((section) => section.value === undefined)) {
    throw new ConfigException(issues);
  }
  const value = <T>(section: SectionResult<T>): T => section.value as T;

  return deepFreeze<AppConfig>({
    ami: value(ami),
    ...value(endpoints),
    log: value(log),
    ...value(http),
    ...value(stores),
    elma365: value(webhook),
    delivery: value(delivery),
    elma365Api: value(elma365Api),
    fastAgi: value(fastAgi),
    elma365Generic: value(generic),
    api: value(api),
    clickToCall: value(clickToCall),
    gapFill: value(gapFill),
    recordings: value(recordings),
  });
}

/** A section whose loader throws its ConfigException: its problems join the others so one message names them all. */
function thrownIssues<T>(load: () => T): SectionResult<T> {
  try {
    return { value: load(), issues: [] };
  } catch (error) {
    if (error instanceof ConfigException) return { issues: error.issues as ConfigIssue[] };
    throw error;
  }
}

/** The process environment: the one place that reads it (the lint rule lets nothing else). */
export function processEnvironment(): Environment {
  return process.env;
}

/** The process environment, validated: for entry points outside Nest (the CLI). */
export function loadProcessConfig(): AppConfig {
  return loadConfig(processEnvironment());
}
