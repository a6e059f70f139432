import { Expose } from 'class-transformer';
import { IsOptional, IsString, Matches, MinLength, ValidateIf } from 'class-validator';
import type { ConfigIssue } from './config.exception';
import { type Environment, readSection } from './config-section';
import { parseDurationList } from './duration-list';
import { IsDurationList, IsUrlWithProtocol } from './environment.validators';

/** The ELMA365 telephony module's webhook: where live cards and call records go. */
export class Elma365WebhookEnvironmentDto {
  /** The ELMA365 telephony module's Webhook URL (Настройки телефонии). Empty: no delivery, calls are only stored. */
  @Expose()
  @IsOptional()
  @IsUrlWithProtocol(['http:', 'https:'])
  ELMA365_WEBHOOK_URL?: string;

  /** The module's Token; sent as a bearer token and used as the HMAC key of the signature. */
  @Expose()
  @ValidateIf((env: Elma365WebhookEnvironmentDto) => env.ELMA365_WEBHOOK_URL !== undefined)
  @IsString({ message: 'is required when ELMA365_WEBHOOK_URL is set' })
  @MinLength(8, { message: 'must be at least 8 characters' })
  ELMA365_WEBHOOK_TOKEN?: string;

  /**
   * Hosts a webhook link pushed by ELMA365 (PUT /api/v1/settings/elma365-webhook) may point at, separated by spaces
   * or commas; `*.domain` for every host under it. Default: the host of ELMA365_WEBHOOK_URL.
   */
  @Expose()
  @IsOptional()
  @Matches(/^(\*\.)?[A-Za-z0-9.:[\]-]+([\s,]+(\*\.)?[A-Za-z0-9.:[\]-]+)*$/, {
    message: 'must be host names separated by spaces or commas (e.g. mycompany.elma365.ru *.elma365.ru)',
  })
  ELMA365_WEBHOOK_ALLOWED_HOSTS?: string;
}

/** How deliveries to ELMA365 (any target) are paced, timed out and retried. */
export class DeliveryPolicyEnvironmentDto {
  /** Requests per minute to the module's webhook, never exceeded (SaaS Standard scripts: 60 + 10 per licence, shared). 0: no limit. */
  @Expose()
  @Matches(/^\d{1,6}$/, { message: 'must be a whole number of requests per minute (0: no limit)' })
  ELMA365_RATE_LIMIT_PER_MINUTE: string = '60';

  /**
   * Delays between attempts to deliver a call record (Svix-like: about a day of retries); after the last, the
   * delivery is dead-lettered. The one place the default schedule is written.
   */
  @Expose()
  @IsDurationList()
  ELMA365_RETRY_SCHEDULE: string = '5s,5m,30m,2h,5h,10h,10h';

  /** A live card that takes longer is useless: short timeout, a few quick retries, then skipped. */
  @Expose()
  @Matches(/^\d{2,6}$/, { message: 'must be a number of milliseconds (10-999999)' })
  ELMA365_LIVE_TIMEOUT_MS: string = '3000';

  @Expose()
  @Matches(/^\d{2,6}$/, { message: 'must be a number of milliseconds (10-999999)' })
  ELMA365_RECORD_TIMEOUT_MS: string = '10000';
}

export interface Elma365WebhookConfig {
  /** the initial link; ELMA365 may push a new one at run time (stored in the database) */
  readonly webhookUrl: string;
  readonly webhookToken: string;
  /** hosts a pushed link may point at (lower case; `*.domain` for any host under it) */
  readonly allowedHosts: readonly string[];
}

export interface DeliveryPolicyConfig {
  /** requests per minute to ELMA365, all targets together; 0: no limit */
  readonly rateLimitPerMinute: number;
  readonly recordRetryScheduleMs: readonly number[];
  readonly liveTimeoutMs: number;
  readonly recordTimeoutMs: number;
}

/** `AppConfig.elma365`: null when ELMA365_WEBHOOK_URL is not set; undefined (with its issues) when refused. */
export function loadElma365WebhookConfig(env: Environment): {
  value?: Elma365WebhookConfig | null;
  issues: ConfigIssue[];
} {
  const { values, issues } = readSection(Elma365WebhookEnvironmentDto, env);
  if (issues.length > 0) return { issues };
  if (values.ELMA365_WEBHOOK_URL === undefined || values.ELMA365_WEBHOOK_TOKEN === undefined) {
    return { value: null, issues };
  }
  const allowedHosts = values.ELMA365_WEBHOOK_ALLOWED_HOSTS?.toLowerCase().split(/[\s,]+/) ?? [
    new URL(values.ELMA365_WEBHOOK_URL).hostname.toLowerCase(),
  ];
  return {
    issues,
    value: { webhookUrl: values.ELMA365_WEBHOOK_URL, webhookToken: values.ELMA365_WEBHOOK_TOKEN, allowedHosts },
  };
}

/** `AppConfig.delivery`; undefined (with its issues) when refused. */
export function loadDeliveryPolicyConfig(env: Environment): { value?: DeliveryPolicyConfig; issues: ConfigIssue[] } {
  const { values, issues } = readSection(DeliveryPolicyEnvironmentDto, env);
  if (issues.length > 0) return { issues };
  return {
    issues,
    value: {
      rateLimitPerMinute: Number(values.ELMA365_RATE_LIMIT_PER_MINUTE),
      recordRetryScheduleMs: parseDurationList(values.ELMA365_RETRY_SCHEDULE) ?? [],
      liveTimeoutMs: Number(values.ELMA365_LIVE_TIMEOUT_MS),
      recordTimeoutMs: Number(values.ELMA365_RECORD_TIMEOUT_MS),
    },
  };
}
