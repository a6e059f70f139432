import type { CountryCode } from 'libphonenumber-js';
import type { LogLevel } from './log-level';

export type AmiAuthMethod = 'plain' | 'md5';

/** One PBX the connector logs in to, parsed from an AMI_URL entry. */
export interface PbxConnectionConfig {
  readonly pbxId: string;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly secret: string;
  readonly auth: AmiAuthMethod;
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
  abstract readonly log: { readonly level: LogLevel };
  abstract readonly http: { readonly host: string; readonly port: number };
  abstract readonly redis: { readonly url: string };
  abstract readonly database: { readonly url: string };
  /** null when ELMA365_WEBHOOK_URL is not set: calls are tracked and stored, not delivered */
  abstract readonly elma365: Elma365DeliveryConfig | null;
}

export interface Elma365DeliveryConfig {
  readonly webhookUrl: string;
  readonly webhookToken: string;
  /** 0: no limit */
  readonly rateLimitPerMinute: number;
  readonly recordRetryScheduleMs: readonly number[];
  readonly liveTimeoutMs: number;
  readonly recordTimeoutMs: number;
}
