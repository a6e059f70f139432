import { loadProcessConfig } from '@app/config';
import { Elma365PubApiClient } from '@app/elma365';
import {
  CONTACT_SYNC_USAGE,
  type ContactSyncArgs,
  parseContactSyncArgs,
} from './usecases/contact-sync/contact-sync-args';
import { type ContactSyncOutcome, summaryLine } from './usecases/contact-sync/contact-sync-result';
import { ContactSync } from './usecases/contact-sync/contact-sync.usecase';
import { loadPhonebook } from './usecases/contact-sync/load-phonebook';
import { type PhonebookEntry, PhonebookSourceException } from './usecases/contact-sync/phonebook-entry';

/** `npm run contacts:sync`: the PBX's phonebook into ELMA365's contacts, one-shot and idempotent. */
async function main(argv: readonly string[]): Promise<number> {
  let args: ContactSyncArgs;
  try {
    args = parseContactSyncArgs(argv);
  } catch (error: unknown) {
    process.stderr.write(`contacts:sync: ${(error as Error).message}\n${CONTACT_SYNC_USAGE}\n`);
    return 2;
  }
  const config = loadProcessConfig();
  const crm = config.fastAgi.crm;
  if (crm === null) {
    process.stderr.write('contacts:sync: ELMA365_API_URL and ELMA365_API_TOKEN must be set\n');
    return 1;
  }
  let entries: PhonebookEntry[];
  try {
    entries = await loadPhonebook(args.source, config);
  } catch (error: unknown) {
    if (!(error instanceof PhonebookSourceException)) throw error;
    process.stderr.write(`contacts:sync: ${error.message}\n`);
    return 1;
  }
  process.stderr.write(`contacts:sync: ${entries.length} phonebook entries read\n`);
  const client = new Elma365PubApiClient({
    baseUrl: crm.apiUrl,
    token: crm.apiToken,
    timeoutMs: crm.requestTimeoutMs,
  });
  const sync = new ContactSync(client, crm, config.phone.defaultRegion);
  const summary = await sync.run(entries, { dryRun: args.dryRun, onOutcome: (outcome) => print(outcome, args) });
  process.stderr.write(`contacts:sync: ${summaryLine(summary, args.dryRun)}\n`);
  if (summary.stoppedBecause !== null) {
    process.stderr.write(`contacts:sync: stopped: ${summary.stoppedBecause}\n`);
    return 1;
  }
  return summary.failed > 0 ? 1 : 0;
}

function print(outcome: ContactSyncOutcome, args: ContactSyncArgs): void {
  if (args.json) process.stdout.write(`${JSON.stringify(outcome)}\n`);
  const line = describe(outcome);
  if (line !== null && (!args.json || outcome.result === 'failed')) process.stderr.write(`contacts:sync: ${line}\n`);
}

/** Human lines for what needs attention, and for what a dry run would do. */
function describe(outcome: ContactSyncOutcome): string | null {
  switch (outcome.result) {
    case 'invalid':
      return `invalid number ${JSON.stringify(outcome.raw)} (${outcome.name}), skipped`;
    case 'failed':
      return `${outcome.phone} (${outcome.name}) failed: ${outcome.error}`;
    case 'would_create':
      return `would create ${outcome.phone} ${outcome.name}`;
    default:
      return null;
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    process.stderr.write(`contacts:sync: ${error.message}\n`);
    process.exitCode = 1;
  },
);
