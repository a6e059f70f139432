import { type ContactsApp, ContactLookup } from '../pub-api/contact-lookup';
import type { Elma365PubApiClient } from '../pub-api/elma365-pub-api.client';
import type { CallPlaceholderValues } from './call-placeholders';
import type { ResolvedGenericSettings } from './resolved-settings';

type ContactsSettings = NonNullable<ResolvedGenericSettings['contacts']>;

/** Finds the client's contact by phone, creating it when allowed. */
export class ClientContacts {
  private readonly lookup: ContactLookup;

  constructor(
    private readonly client: Elma365PubApiClient,
    private readonly settings: ContactsSettings,
    region: string,
  ) {
    this.lookup = new ContactLookup(client, lookupConfig(settings), region);
  }

  /**
   * @param phone E.164; a number that is not (a short or service number) has no contact
   * @returns null when none exists and none may be made
   */
  async findOrCreate(
    phone: string,
    values: CallPlaceholderValues,
  ): Promise<{ readonly id: string; readonly created: boolean } | null> {
    if (!phone.startsWith('+')) return null;
    const found = await this.lookup.findByPhone(phone);
    const foundId = found?.['__id'];
    if (typeof foundId === 'string') return { id: foundId, created: false };
    if (!this.settings.create) return null;
    const { namespace, code } = this.settings.app;
    const created = await this.client.createItem(namespace, code, {
      __name: String(this.settings.nameTemplate.render(values) ?? phone),
      [this.settings.phoneField]: [{ type: 'work', tel: phone }],
    });
    return { id: String(created['__id']), created: true };
  }
}

/** What ContactLookup reads: the contacts app and its Phone field. */
function lookupConfig(settings: ContactsSettings): ContactsApp {
  return { contactsApp: settings.app, contactPhoneField: settings.phoneField };
}
