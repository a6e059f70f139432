import { Expose } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';
import type { ConfigIssue } from './config.exception';
import { type Environment, readSection } from './config-section';
import { IsRegExpList, splitPatterns } from './environment.validators';

/** Click-to-call: what ELMA365 may ask the PBX to dial, and how. */
export class ClickToCallEnvironmentDto {
  /**
   * Space-separated regular expressions over E.164 numbers or extensions. Default: Russian geographic (3xx, 4xx, 8xx)
   * and mobile (9xx) numbers without the premium-rate 803 and 809, and extensions; not +7 6xx/7xx (Kazakhstan).
   */
  @Expose()
  @IsRegExpList()
  CLICK_TO_CALL_ALLOWED_PATTERNS: string = '^\\+7[349]\\d{9}$ ^\\+78[1-9]\\d{8}$ ^\\+780[0124-8]\\d{7}$ ^\\d{2,6}$';

  @Expose()
  @Matches(/^[A-Za-z0-9_-]{1,80}$/, { message: 'must be a dialplan context name' })
  CLICK_TO_CALL_CONTEXT: string = 'from-internal';

  @Expose()
  @Matches(/^\d{1,3}$/, { message: 'must be a number of seconds (1-999)' })
  CLICK_TO_CALL_RING_TIMEOUT_SECONDS: string = '30';

  @Expose()
  @Matches(/^\d{1,5}$/, { message: 'must be a whole number of requests per minute' })
  CLICK_TO_CALL_RATE_PER_MINUTE: string = '30';

  @Expose()
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]+: [^\r\n]+$/, { message: 'must be one SIP header, "Name: value"' })
  CLICK_TO_CALL_AUTO_ANSWER_HEADER?: string;
}

export interface ClickToCallConfig {
  /** only numbers (E.164, or an extension) matching one of these may be dialled: the toll-fraud guard */
  readonly allowedPatterns: readonly RegExp[];
  /** the dialplan context the client's number is dialled in after the operator answers */
  readonly context: string;
  /** Originate timeout: how long the operator's phone rings */
  readonly ringTimeoutSeconds: number;
  /** originate requests per minute per API key */
  readonly ratePerMinute: number;
  /** e.g. `Call-Info: <sip:x>;answer-after=0` or `Alert-Info: auto-answer`; null: the phone rings normally */
  readonly autoAnswerHeader: string | null;
}

/** `AppConfig.clickToCall`; undefined (with its issues) when a variable is refused. */
export function loadClickToCallConfig(env: Environment): { value?: ClickToCallConfig; issues: ConfigIssue[] } {
  const { values, issues } = readSection(ClickToCallEnvironmentDto, env);
  if (issues.length > 0) return { issues };
  return {
    issues,
    value: {
      allowedPatterns: splitPatterns(values.CLICK_TO_CALL_ALLOWED_PATTERNS).map((p) => new RegExp(p)),
      context: values.CLICK_TO_CALL_CONTEXT,
      ringTimeoutSeconds: Number(values.CLICK_TO_CALL_RING_TIMEOUT_SECONDS),
      ratePerMinute: Number(values.CLICK_TO_CALL_RATE_PER_MINUTE),
      autoAnswerHeader: values.CLICK_TO_CALL_AUTO_ANSWER_HEADER ?? null,
    },
  };
}
