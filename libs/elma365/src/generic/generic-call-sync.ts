import type { CallEvent } from '@app/calls';
import type { Elma365PubApiClient } from '../pub-api/elma365-pub-api.client';
import type { Elma365Context, Elma365Item } from '../pub-api/elma365-pub-api.types';
import type { CallPlaceholder } from './call-placeholders';
import { GenericCallMoment, genericCallMoment } from './call-event-values';
import { ClientContacts } from './client-contacts';
import type { GenericModeSettings } from './generic-mode.settings';
import type { GenericSyncResult } from './generic-sync-result';
import { KnownCallItem, KnownCallItems } from './known-call-items';
import { ResolvedGenericSettings, resolveGenericSettings } from './resolved-settings';

/** A `tf` filter is a substring match: `office:1.2` also hits `office:1.25`, so a page may hold neighbours. */
const ITEM_CANDIDATES = 20;
/** the placeholders an answer makes known; an answered item gets only the fields that use them */
const ANSWER_PLACEHOLDERS: readonly CallPlaceholder[] = ['answeredBy'];

type ContactRef = { readonly id: string; readonly created: boolean } | null;

/**
 * Writes external calls into an ELMA365 app through `/pub/v1`: the client's contact, one item per call, and
 * optionally a business process. Every step looks before it writes, so a retried or replayed event adds nothing:
 * - the item is found by `callIdField` = callId before it is created; the contact by its phone;
 * - the process start is recorded on the item itself (`processMarkerField` = true, written right after a
 *   successful start) and skipped when the item already says so. A start that failed is retried with the event;
 *   a start whose marker write failed (crash, 429, 5xx between the two requests) runs again on the retry — so
 *   the process starts at least once, and twice only in that window. The context carries `callId` for a process
 *   that must dedupe itself.
 * What stays at-least-once: a create whose answer was lost (timeout after ELMA365 stored it) is created again
 * if the retry's `list` does not see it yet. Events of one call must not run concurrently on two workers (the
 * delivery queue orders them per call); within this instance they are run one after another.
 */
export class GenericCallSync {
  private readonly settings: ResolvedGenericSettings;
  private readonly contacts: ClientContacts | null;
  private readonly known = new KnownCallItems();
  private readonly running = new Map<string, Promise<GenericSyncResult>>();

  /** @throws GenericModeSettingsException when the settings cannot work */
  constructor(
    private readonly client: Elma365PubApiClient,
    settings: GenericModeSettings,
  ) {
    this.settings = resolveGenericSettings(settings);
    const contacts = this.settings.contacts;
    this.contacts = contacts === null ? null : new ClientContacts(client, contacts, this.settings.defaultRegion);
  }

  /** @throws Elma365PubApiException, classified `retryable` / `rate_limited` / `permanent` */
  async syncEvent(pbxId: string, event: CallEvent): Promise<GenericSyncResult> {
    const previous = this.running.get(event.callId);
    const next = (previous ?? Promise.resolve()).catch(() => undefined).then(() => this.sync(pbxId, event));
    this.running.set(event.callId, next);
    try {
      return await next;
    } finally {
      if (this.running.get(event.callId) === next) this.running.delete(event.callId);
    }
  }

  private async sync(pbxId: string, event: CallEvent): Promise<GenericSyncResult> {
    const moment = genericCallMoment(pbxId, event, this.settings.defaultRegion);
    if (moment === null || !this.settings.events.has(moment.trigger)) {
      return { callId: event.callId, trigger: null, contact: null, item: null, processStarted: false };
    }
    const callId = event.callId;
    let contact: ContactRef = null;
    let item = await this.findItem(callId);
    let created = false;
    let updatedFields: readonly string[] = [];
    if (item === null) {
      contact = await this.contactFor(moment);
      item = await this.createItem(callId, moment, contact);
      created = true;
    } else {
      updatedFields = await this.updateItem(item, moment);
    }
    let processStarted = false;
    const process = this.settings.process;
    if (process !== null && process.on === moment.trigger && !item.processStarted) {
      if (item.contactId === null && contact === null) contact = await this.contactFor(moment);
      item = await this.startProcess(callId, moment, item, contact?.id ?? item.contactId);
      processStarted = true;
    }
    return { callId, trigger: moment.trigger, contact, item: { id: item.id, created, updatedFields }, processStarted };
  }

  private async findItem(callId: string): Promise<KnownCallItem | null> {
    const known = this.known.get(callId);
    if (known !== undefined) return known;
    const { namespace, code } = this.settings.callsApp;
    const field = this.settings.callIdField;
    const page = await this.client.listAppItems(namespace, code, {
      active: true,
      filter: { tf: { [field]: callId } },
      from: 0,
      size: ITEM_CANDIDATES,
    });
    const found = page.items.find((item) => item[field] === callId);
    if (found === undefined) return null;
    return this.remember(callId, {
      id: String(found['__id']),
      contactId: this.linkedContactOf(found),
      processStarted: found[this.settings.processMarkerField] === true,
    });
  }

  private async createItem(callId: string, moment: GenericCallMoment, contact: ContactRef): Promise<KnownCallItem> {
    const context: Record<string, unknown> = { ...this.fieldsFor(moment, () => true) };
    context[this.settings.callIdField] = callId;
    const linkField = this.settings.contactLinkField;
    if (linkField !== null && contact !== null) context[linkField] = [contact.id];
    const { namespace, code } = this.settings.callsApp;
    const created = await this.client.createItem(namespace, code, context);
    return this.remember(callId, {
      id: String(created['__id']),
      contactId: contact?.id ?? null,
      processStarted: false,
    });
  }

  /** @returns the fields written */
  private async updateItem(item: KnownCallItem, moment: GenericCallMoment): Promise<readonly string[]> {
    const fields = this.fieldsFor(moment, (template) => {
      if (moment.trigger === 'finished') return true;
      return moment.trigger === 'answered' && template.usesAny(ANSWER_PLACEHOLDERS);
    });
    const changed = Object.keys(fields);
    if (changed.length === 0) return [];
    const { namespace, code } = this.settings.callsApp;
    await this.client.updateItem(namespace, code, item.id, fields);
    return changed;
  }

  private async startProcess(
    callId: string,
    moment: GenericCallMoment,
    item: KnownCallItem,
    contactId: string | null,
  ): Promise<KnownCallItem> {
    const process = this.settings.process;
    if (process === null) return item;
    await this.client.runProcess(process.template.namespace, process.template.code, {
      callId,
      phone: moment.phone,
      direction: moment.direction,
      contact: contactId === null ? [] : [contactId],
      item: [item.id],
    });
    const { namespace, code } = this.settings.callsApp;
    await this.client.updateItem(namespace, code, item.id, { [this.settings.processMarkerField]: true });
    return this.remember(callId, { ...item, processStarted: true });
  }

  private async contactFor(moment: GenericCallMoment): Promise<ContactRef> {
    if (this.contacts === null || moment.phone === null) return null;
    return this.contacts.findOrCreate(moment.phone, moment.values);
  }

  /** the mapped fields whose placeholders this moment knows and `wanted` accepts */
  private fieldsFor(
    moment: GenericCallMoment,
    wanted: (template: ResolvedGenericSettings['fields'][number]['template']) => boolean,
  ): Elma365Context {
    const fields: Record<string, unknown> = {};
    for (const { field, template } of this.settings.fields) {
      if (template.isKnownIn(moment.values) && wanted(template)) fields[field] = template.render(moment.values);
    }
    return fields;
  }

  private linkedContactOf(item: Elma365Item): string | null {
    const field = this.settings.contactLinkField;
    const value = field === null ? undefined : item[field];
    const first: unknown = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' && first !== '' ? first : null;
  }

  private remember(callId: string, item: KnownCallItem): KnownCallItem {
    this.known.set(callId, item);
    return item;
  }
}
