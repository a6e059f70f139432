import type { CountryCode } from 'libphonenumber-js';
import type { ClickToCallConfig } from './click-to-call.config';
import type { Elma365ApiConfig } from './elma365-api.config';
import type { Elma365GenericConfig } from './elma365-generic.config';
import type { DeliveryPolicyConfig, Elma365WebhookConfig } from './elma365-webhook.config';
import type { FastAgiConfig } from './fastagi.config';
import type { GapFillConfig } from './gapfill.config';
import type { LogFormat, LogLevel } from './log-level';

export type AmiAuthMethod = 'plain' | 'md5';

/** One PBX the connector logs in to, parsed from an AMI_URL entry. */
export interface PbxConnectionConfig {
  readonly pbxId: string;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly secret: string;
  readonly auth: AmiAuthMethod;
  /**
   * The user click-to-call originates with (AMI_ORIGINATE_URL's entry for this PBX); absent: this one. Kept apart
   * because a user with both `originate` and `system` can Originate the System application, i.e. run shell commands.
   */
  readonly originator?: PbxConnectionConfig;
}

export interface EndpointClassificationConfig {
  /** An endpoint whose name matches is an internal extension (e.g. PJSIP/1001 -> "1001"). */
  readonly internalExtensionPattern: RegExp;
  /** When set, only matching endpoints are trunks; when null, every non-extension endpoint is a trunk. */
  readonly trunkEndpointPattern: RegExp | null;
}

/**
 * The validated, frozen configuration. An abstract class rather than an interface so that it can be the
 * injection token itself: `constructor(private readonly config: AppConfig)`.
 */
export abstract class AppConfig {
  abstract readonly ami: { readonly pbxs: readonly PbxConnectionConfig[] };
  abstract readonly endpoints: EndpointClassificationConfig;
  abstract readonly phone: { readonly defaultRegion: CountryCode };
  abstract readonly log: { readonly level: LogLevel; readonly format: LogFormat };
  abstract readonly http: { readonly host: string; readonly port: number };
  /** the ops endpoint of a standalone ingest or worker; null when OPS_HTTP_PORT is 0 (off) */
  abstract readonly opsHttp: { readonly host: string; readonly port: number } | null;
  abstract readonly redis: { readonly url: string };
  abstract readonly database: { readonly url: string };
  /** null when ELMA365_WEBHOOK_URL is not set: no telephony-module webhook */
  abstract readonly elma365: Elma365WebhookConfig | null;
  /** how deliveries to ELMA365 (any target) are paced and retried */
  abstract readonly delivery: DeliveryPolicyConfig;
  abstract readonly api: ApiConfig;
  abstract readonly clickToCall: ClickToCallConfig;
  abstract readonly recordings: RecordingsConfig;
  /** recovering calls from the CDR after a reconnect; null when GAPFILL_CDR_CSV_PATH is empty */
  abstract readonly gapFill: GapFillConfig | null;
  /** ELMA365's /pub/v1 API (routing, generic mode, contact sync); null when ELMA365_API_URL is unset */
  abstract readonly elma365Api: Elma365ApiConfig | null;
  /** FastAGI CRM routing, validated by its own DTO in fastagi.config.ts */
  abstract readonly fastAgi: FastAgiConfig;
  /** generic mode (/pub/v1); null when ELMA365_GENERIC_ENABLED is off */
  abstract readonly elma365Generic: Elma365GenericConfig | null;
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

export interface RecordingsConfig {
  /** where Asterisk's MixMonitor files are readable (a shared volume); paths outside it are refused */
  readonly dir: string;
  /** HMAC key of signed recording links; null: no links are issued (RECORDING_LINK_SECRET unset) */
  readonly linkSecret: string | null;
  readonly linkTtlSeconds: number;
}
