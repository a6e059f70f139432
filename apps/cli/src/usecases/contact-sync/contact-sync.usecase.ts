import type { CrmRoutingConfig } from '@app/config';
import { ContactLookup, type Elma365PubApiClient, Elma365PubApiException } from '@app/elma365';
import {
  DEFAULT_RETRY_POLICY,
  Elma365UnavailableException,
  type Elma365RetryPolicy,
  withElma365Retries,
} from './elma365-retry';
import type { ContactSyncOutcome, ContactSyncSummary } from './contact-sync-result';
import type { PhonebookEntry } from './phonebook-entry';
import { phonebookE164 } from './phonebook-phone';

export interface ContactSyncOptions {
  readonly dryRun: boolean;
  /** called once per entry, in source order */
  readonly onOutcome?: (outcome: ContactSyncOutcome) => void;
}

interface PlannedContact {
  readonly phone: string;
  readonly name: string;
}

/**
 * Imports a phonebook into ELMA365's contacts app, matching by phone: a missing contact is created, an existing one
 * is left alone. Idempotent, so a run that stopped is continued by running it again.
 */
export class ContactSync {
  private readonly lookup: ContactLookup;

  constructor(
    private readonly client: Elma365PubApiClient,
    /** AppConfig.fastAgi.crm: its contacts app and Phone field */
    private readonly target: CrmRoutingConfig,
    private readonly region: string,
    private readonly retryPolicy: Elma365RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {
    this.lookup = new ContactLookup(client, target, region);
  }

  async run(entries: readonly PhonebookEntry[], options: ContactSyncOptions): Promise<ContactSyncSummary> {
    const counts = { created: 0, existing: 0, invalid: 0, failed: 0 };
    const report = (outcome: ContactSyncOutcome): void => {
      if (outcome.result === 'created' || outcome.result === 'would_create') counts.created++;
      else if (outcome.result === 'exists') counts.existing++;
      else if (outcome.result === 'invalid') counts.invalid++;
      else if (outcome.result === 'failed') counts.failed++;
      options.onOutcome?.(outcome);
    };
    const planned = this.plan(entries, report);
    for (const contact of planned) {
      try {
        report(await this.syncOne(contact, options.dryRun));
      } catch (error: unknown) {
        if (!(error instanceof Elma365UnavailableException)) throw error;
        report({ result: 'failed', ...contact, error: error.message });
        return { ...counts, stoppedBecause: error.message };
      }
    }
    return { ...counts, stoppedBecause: null };
  }

  /** Normalises the phones, reports the invalid ones and merges duplicates (the first name wins). */
  private plan(entries: readonly PhonebookEntry[], report: (outcome: ContactSyncOutcome) => void): PlannedContact[] {
    const byPhone = new Map<string, PlannedContact>();
    for (const entry of entries) {
      const phone = phonebookE164(entry.phone, this.region);
      if (phone === null) {
        report({ result: 'invalid', raw: entry.phone, name: entry.name });
        continue;
      }
      const first = byPhone.get(phone);
      if (first === undefined) byPhone.set(phone, { phone, name: entry.name });
      else report({ result: 'duplicate', phone, name: entry.name, keptName: first.name });
    }
    return [...byPhone.values()];
  }

  private async syncOne(contact: PlannedContact, dryRun: boolean): Promise<ContactSyncOutcome> {
    try {
      const found = await withElma365Retries(this.retryPolicy, () => this.lookup.findByPhone(contact.phone));
      const foundId = found?.['__id'];
      if (typeof foundId === 'string') return { result: 'exists', ...contact, id: foundId };
      if (dryRun) return { result: 'would_create', ...contact };
      const { namespace, code } = this.target.contactsApp;
      const created = await withElma365Retries(this.retryPolicy, () =>
        this.client.createItem(namespace, code, {
          __name: contact.name === '' ? contact.phone : contact.name,
          [this.target.contactPhoneField]: [{ type: 'work', tel: contact.phone }],
        }),
      );
      return { result: 'created', ...contact, id: String(created['__id']) };
    } catch (error: unknown) {
      if (!(error instanceof Elma365PubApiException)) throw error;
      // A wrong token or app code fails every entry alike: stop rather than report each one.
      if (error.status === 401 || error.status === 403 || error.status === 404) {
        throw new Elma365UnavailableException(error.message);
      }
      return { result: 'failed', ...contact, error: error.message };
    }
  }
}
