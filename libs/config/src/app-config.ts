import type { AmiConfig } from './ami.config';
import type { ApiConfig } from './api.config';
import type { ClickToCallConfig } from './click-to-call.config';
import type { Elma365ApiConfig } from './elma365-api.config';
import type { Elma365GenericConfig } from './elma365-generic.config';
import type { DeliveryPolicyConfig, Elma365WebhookConfig } from './elma365-webhook.config';
import type { FastAgiConfig } from './fastagi.config';
import type { GapFillConfig } from './gapfill.config';
import type { EndpointsConfig } from './endpoints.config';
import type { HttpConfig } from './http.config';
import type { LogConfig } from './log.config';
import type { RecordingsConfig } from './recordings.config';
import type { StoresConfig } from './stores.config';

/**
 * The validated, frozen configuration, one member (or two) per section file (`*.config.ts`: its DTO, its type, its
 * mapping). An abstract class rather than an interface so that it can be the
 * injection token itself: `constructor(private readonly config: AppConfig)`.
 */
export abstract class AppConfig {
  abstract readonly ami: AmiConfig;
  abstract readonly endpoints: EndpointsConfig['endpoints'];
  abstract readonly phone: EndpointsConfig['phone'];
  abstract readonly log: LogConfig;
  abstract readonly http: HttpConfig['http'];
  /** the ops endpoint of a standalone ingest or worker; null when OPS_HTTP_PORT is 0 (off) */
  abstract readonly opsHttp: HttpConfig['opsHttp'];
  abstract readonly redis: StoresConfig['redis'];
  abstract readonly database: StoresConfig['database'];
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
