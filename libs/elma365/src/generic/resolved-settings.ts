import { CallPlaceholder } from './call-placeholders';
import { FieldTemplate } from './field-template';
import { GENERIC_SYNC_TRIGGERS, GenericModeSettings, GenericSyncTrigger } from './generic-mode.settings';
import { GenericModeSettingsException } from './generic-mode-settings.exception';

export interface AppRef {
  readonly namespace: string;
  readonly code: string;
}

export interface MappedField {
  readonly field: string;
  readonly template: FieldTemplate;
}

/** GenericModeSettings checked, with defaults filled and templates compiled. */
export interface ResolvedGenericSettings {
  readonly callsApp: AppRef;
  readonly fields: readonly MappedField[];
  readonly callIdField: string;
  readonly processMarkerField: string;
  readonly contacts: {
    readonly app: AppRef;
    readonly phoneField: string;
    readonly nameTemplate: FieldTemplate;
    readonly create: boolean;
  } | null;
  readonly contactLinkField: string | null;
  readonly process: { readonly template: AppRef; readonly on: 'ringing' | 'finished' } | null;
  readonly events: ReadonlySet<GenericSyncTrigger>;
  readonly defaultRegion: string;
}

const NAME_PLACEHOLDERS: readonly CallPlaceholder[] = ['phone', 'callId', 'pbxId', 'direction', 'from', 'to'];

/** @throws GenericModeSettingsException listing what is wrong */
export function resolveGenericSettings(settings: GenericModeSettings): ResolvedGenericSettings {
  const events = new Set(settings.events ?? GENERIC_SYNC_TRIGGERS);
  const unknownEvent = [...events].find((event) => !GENERIC_SYNC_TRIGGERS.includes(event));
  if (unknownEvent !== undefined) throw new GenericModeSettingsException(`events: unknown event "${unknownEvent}"`);
  const callIdField = fieldCode(settings.callIdField ?? '_call_id', 'callIdField');
  const fields = Object.entries(settings.fieldMap).map(([field, source]) => ({
    field: fieldCode(field, 'fieldMap'),
    template: FieldTemplate.compile(source, `fieldMap.${field}`),
  }));
  if (fields.some(({ field }) => field === callIdField)) {
    throw new GenericModeSettingsException(`fieldMap: "${callIdField}" is the callIdField, written by the connector`);
  }
  const processOn = settings.processOn ?? 'ringing';
  // The process context names the item: it can only start at an event that creates or updates the item.
  if (settings.process && !events.has(processOn)) {
    throw new GenericModeSettingsException(`processOn: "${processOn}" is not among events`);
  }
  const contactsApp = settings.contactsApp ? appRef(settings.contactsApp, 'contactsApp') : null;
  const nameTemplate = FieldTemplate.compile(settings.contactNameTemplate ?? 'Клиент {phone}', 'contactNameTemplate');
  // A contact is made before any call detail is known to be final: only the call's identity may name it.
  if (!nameTemplate.placeholders.every((name) => NAME_PLACEHOLDERS.includes(name))) {
    throw new GenericModeSettingsException(`contactNameTemplate: only {${NAME_PLACEHOLDERS.join('} {')}} allowed`);
  }
  return {
    callsApp: appRef(settings.callsApp, 'callsApp'),
    fields,
    callIdField,
    processMarkerField: fieldCode(settings.processMarkerField ?? '_process_started', 'processMarkerField'),
    contacts:
      contactsApp === null
        ? null
        : {
            app: contactsApp,
            phoneField: fieldCode(settings.contactPhoneField ?? '_phone', 'contactPhoneField'),
            nameTemplate,
            create: settings.createContacts ?? false,
          },
    contactLinkField: settings.contactLinkField ? fieldCode(settings.contactLinkField, 'contactLinkField') : null,
    process: settings.process ? { template: processRef(settings.process), on: processOn } : null,
    events,
    defaultRegion: settings.defaultRegion ?? 'RU',
  };
}

function appRef(value: string, name: string): AppRef {
  const match = /^([A-Za-z0-9_]+)\/([A-Za-z0-9_]+)$/.exec(value.trim());
  if (!match) throw new GenericModeSettingsException(`${name}: "${value}" is not "namespace/code"`);
  return { namespace: match[1], code: match[2] };
}

/** A workspace process (`crm/new_call`) or an app-level one, whose namespace is dotted (`crm.calls/on_missed`). */
function processRef(value: string): AppRef {
  const match = /^([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)?)\/([A-Za-z0-9_]+)$/.exec(value.trim());
  if (!match) {
    throw new GenericModeSettingsException(`process: "${value}" is not "namespace/code" or "workspace.app/code"`);
  }
  return { namespace: match[1], code: match[2] };
}

function fieldCode(value: string, name: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(value)) throw new GenericModeSettingsException(`${name}: "${value}" is not a field code`);
  return value;
}
