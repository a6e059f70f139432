/** The call events that may create or update the calls-app item. */
export type GenericSyncTrigger = 'ringing' | 'answered' | 'finished';

export const GENERIC_SYNC_TRIGGERS: readonly GenericSyncTrigger[] = ['ringing', 'answered', 'finished'];

/**
 * Generic mode: calls written to any ELMA365 app through `/pub/v1`, contacts found or created, a business process
 * started. Apps and processes are `"namespace/code"`; an app-level process has a dotted namespace (`crm.calls/code`). Templates take `{placeholders}` (see CALL_PLACEHOLDERS): a
 * template that is exactly one placeholder keeps the value's type (number, null); anything else is a string.
 */
export interface GenericModeSettings {
  /** the app that receives calls, e.g. `crm/calls` */
  readonly callsApp: string;
  /** calls-app field code -> template, e.g. `{ "__name": "Звонок {phone}", "duration": "{talkSeconds}" }` */
  readonly fieldMap: Readonly<Record<string, string>>;
  /** the calls-app string field that stores our callId, to find the item again; default `_call_id` */
  readonly callIdField?: string;
  /**
   * the calls-app boolean field set to true once the process has started for the item; default
   * `_process_started`. Only written when `process` is set.
   */
  readonly processMarkerField?: string;
  /** the contacts app, e.g. `_clients/_contacts`; null: no contacts are looked up */
  readonly contactsApp?: string | null;
  /** the contacts app's Phone field; default `_phone` */
  readonly contactPhoneField?: string;
  /** `__name` of a created contact; default `Клиент {phone}` */
  readonly contactNameTemplate?: string;
  /** the calls-app field that links the contact (`[contactId]`); null: not linked */
  readonly contactLinkField?: string | null;
  /** create the contact when no contact has the client's number; default false */
  readonly createContacts?: boolean;
  /** the business process to start, `namespace/code`; null: none */
  readonly process?: string | null;
  /** when the process starts; default `ringing` */
  readonly processOn?: 'ringing' | 'finished';
  /** which events create or update the item; default all three */
  readonly events?: readonly GenericSyncTrigger[];
  /** ISO 3166 region for numbers stored without a country code (`8 (916) …`); default `RU` */
  readonly defaultRegion?: string;
}
