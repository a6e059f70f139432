import { Expose } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, ValidateIf } from 'class-validator';
import type { ConfigIssue } from './config.exception';
import { type Environment, readSection } from './config-section';
import type { Elma365ApiConfig } from './elma365-api.config';
import { FIELD_CODE, FIELD_CODE_MESSAGE, IsJsonStringMap, isOn, parseStringMap } from './environment.validators';

const APP_CODE = /^[A-Za-z0-9_]{1,100}\/[A-Za-z0-9_]{1,100}$/;
/** A process of a workspace (`crm/new_call`) or of one of its apps (`crm.calls/on_missed`: a dotted namespace). */
const PROCESS_CODE = /^[A-Za-z0-9_]{1,100}(\.[A-Za-z0-9_]{1,100})?\/[A-Za-z0-9_]{1,100}$/;

/** Generic mode: each call as an item of an ELMA365 app over /pub/v1, optionally a contact and a process. */
export class Elma365GenericEnvironmentDto {
  /** Generic mode: calls written to an ELMA365 app over /pub/v1 (needs the elma365Api section: ELMA365_API_URL and ELMA365_API_TOKEN). */
  @Expose()
  @IsIn(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  ELMA365_GENERIC_ENABLED: string = 'false';

  @Expose()
  @ValidateIf((env: Elma365GenericEnvironmentDto) => isOn(env.ELMA365_GENERIC_ENABLED))
  @Matches(APP_CODE, { message: 'is required in generic mode, as namespace/code (e.g. crm/calls)' })
  ELMA365_GENERIC_CALLS_APP?: string;

  /** JSON: calls-app field code -> template with {placeholders} (see docs/configuration.md). */
  @Expose()
  @IsJsonStringMap()
  ELMA365_GENERIC_FIELD_MAP: string = '{"__name":"{direction}: {from} → {to}"}';

  @Expose()
  @Matches(FIELD_CODE, { message: FIELD_CODE_MESSAGE })
  ELMA365_GENERIC_CALL_ID_FIELD: string = '_call_id';

  @Expose()
  @Matches(FIELD_CODE, { message: FIELD_CODE_MESSAGE })
  ELMA365_GENERIC_PROCESS_MARKER_FIELD: string = '_process_started';

  @Expose()
  @IsOptional()
  @Matches(APP_CODE, { message: 'must be namespace/code, e.g. _clients/_contacts' })
  ELMA365_GENERIC_CONTACTS_APP?: string;

  @Expose()
  @Matches(FIELD_CODE, { message: FIELD_CODE_MESSAGE })
  ELMA365_GENERIC_CONTACT_PHONE_FIELD: string = '_phone';

  @Expose()
  @IsString()
  ELMA365_GENERIC_CONTACT_NAME_TEMPLATE: string = 'Клиент {phone}';

  @Expose()
  @IsOptional()
  @Matches(FIELD_CODE, { message: FIELD_CODE_MESSAGE })
  ELMA365_GENERIC_CONTACT_LINK_FIELD?: string;

  @Expose()
  @IsIn(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  ELMA365_GENERIC_CREATE_CONTACTS: string = 'false';

  @Expose()
  @IsOptional()
  @Matches(PROCESS_CODE, {
    message: 'must be namespace/code of a business process (workspace/code or workspace.app/code)',
  })
  ELMA365_GENERIC_PROCESS?: string;

  @Expose()
  @IsIn(['ringing', 'finished'], { message: 'must be ringing or finished' })
  ELMA365_GENERIC_PROCESS_ON: string = 'ringing';

  @Expose()
  @Matches(/^(ringing|answered|finished)(,(ringing|answered|finished))*$/, {
    message: 'must be a comma-separated list of ringing, answered, finished',
  })
  ELMA365_GENERIC_EVENTS: string = 'ringing,answered,finished';
}

/** Generic mode: the elma365Api section's API (apiUrl … apiRateLimitPerMinute) and what it writes there. */
export interface Elma365GenericConfig extends Elma365ApiConfig {
  readonly callsApp: string;
  readonly fieldMap: Readonly<Record<string, string>>;
  readonly callIdField: string;
  readonly processMarkerField: string;
  readonly contactsApp: string | null;
  readonly contactPhoneField: string;
  readonly contactNameTemplate: string;
  readonly contactLinkField: string | null;
  readonly createContacts: boolean;
  readonly process: string | null;
  readonly processOn: 'ringing' | 'finished';
  readonly events: readonly ('ringing' | 'answered' | 'finished')[];
}

/**
 * `AppConfig.elma365Generic`: null when ELMA365_GENERIC_ENABLED is off. `api` is the elma365Api section (null: not
 * configured, which generic mode refuses); undefined when that section itself was refused (its issues are its own).
 */
export function loadElma365GenericConfig(
  env: Environment,
  api: Elma365ApiConfig | null | undefined,
): { value: Elma365GenericConfig | null; issues: ConfigIssue[] } {
  const { values: dto, issues } = readSection(Elma365GenericEnvironmentDto, env);
  if (isOn(dto.ELMA365_GENERIC_ENABLED) && api === null) {
    issues.push({
      variable: 'ELMA365_GENERIC_ENABLED',
      message: 'ELMA365_GENERIC_ENABLED: generic mode needs ELMA365_API_URL and ELMA365_API_TOKEN',
    });
  }
  if (issues.length > 0 || !isOn(dto.ELMA365_GENERIC_ENABLED) || !api || dto.ELMA365_GENERIC_CALLS_APP === undefined) {
    return { value: null, issues };
  }
  return {
    issues,
    value: {
      ...api,
      callsApp: dto.ELMA365_GENERIC_CALLS_APP,
      fieldMap: parseStringMap(dto.ELMA365_GENERIC_FIELD_MAP) ?? {},
      callIdField: dto.ELMA365_GENERIC_CALL_ID_FIELD,
      processMarkerField: dto.ELMA365_GENERIC_PROCESS_MARKER_FIELD,
      contactsApp: dto.ELMA365_GENERIC_CONTACTS_APP ?? null,
      contactPhoneField: dto.ELMA365_GENERIC_CONTACT_PHONE_FIELD,
      contactNameTemplate: dto.ELMA365_GENERIC_CONTACT_NAME_TEMPLATE,
      contactLinkField: dto.ELMA365_GENERIC_CONTACT_LINK_FIELD ?? null,
      createContacts: isOn(dto.ELMA365_GENERIC_CREATE_CONTACTS),
      process: dto.ELMA365_GENERIC_PROCESS ?? null,
      processOn: dto.ELMA365_GENERIC_PROCESS_ON === 'finished' ? 'finished' : 'ringing',
      events: dto.ELMA365_GENERIC_EVENTS.split(',') as ('ringing' | 'answered' | 'finished')[],
    },
  };
}
