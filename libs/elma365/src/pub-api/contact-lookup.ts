import { normalizePhoneNumber } from '@app/calls';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { phoneNumbersOf } from './elma365-fields';
import type { Elma365PubApiClient } from './elma365-pub-api.client';
import type { Elma365Item } from './elma365-pub-api.types';

const CANDIDATES = 20;

/** Where contacts live: the app and the code of its Phone field. */
export interface ContactsApp {
  readonly contactsApp: { readonly namespace: string; readonly code: string };
  readonly contactPhoneField: string;
}

/** Finds the contact whose Phone field holds a number, whatever form it was typed in. */
export class ContactLookup {
  constructor(
    private readonly client: Elma365PubApiClient,
    private readonly config: ContactsApp,
    private readonly region: string,
  ) {}

  /** @param e164 `+79161234567` */
  async findByPhone(e164: string): Promise<Elma365Item | null> {
    const { namespace, code } = this.config.contactsApp;
    const field = this.config.contactPhoneField;
    const page = await this.client.listAppItems(namespace, code, {
      active: true,
      filter: { tf: { [field]: searchKeyOf(e164) } },
      from: 0,
      size: CANDIDATES,
      sortExpressions: [{ field: '__createdAt', ascending: false }],
    });
    // The filter is a substring match: 9161234567 also hits +79161234567x or 79161234567 in another region.
    return (
      page.items.find((item) =>
        phoneNumbersOf(item[field]).some((tel) => normalizePhoneNumber(tel, this.region) === e164),
      ) ?? null
    );
  }
}

/**
 * The national significant number (`9161234567` for `+79161234567`): a substring of every way the number is
 * stored — `+79161234567`, `89161234567`, `79161234567`.
 */
export function searchKeyOf(e164: string): string {
  return parsePhoneNumberFromString(e164)?.nationalNumber ?? e164.replace(/^\+/, '');
}
