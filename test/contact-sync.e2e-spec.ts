import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { AmiClient, type AmiMessage } from '@app/ami';
import type { CrmRoutingConfig } from '@app/config';
import { Elma365PubApiClient } from '@app/elma365';
import { AmiTestServer, type AmiTestConnection, Elma365PubApiStub, recordingLogger } from '@app/testing';
import { readAstdbPhonebook } from '../apps/cli/src/usecases/contact-sync/astdb-phonebook.source';
import type { ContactSyncOutcome, ContactSyncSummary } from '../apps/cli/src/usecases/contact-sync/contact-sync-result';
import { ContactSync } from '../apps/cli/src/usecases/contact-sync/contact-sync.usecase';
import { readCsvPhonebook } from '../apps/cli/src/usecases/contact-sync/csv-phonebook.source';
import type { PhonebookEntry } from '../apps/cli/src/usecases/contact-sync/phonebook-entry';

const ROOT = resolve(__dirname, '..');
const TOKEN = 'contact-sync-token';
const APP = 'crm/contacts';

/** `database show cidname` as Asterisk 22 prints it: `%-50s: %-25s` lines, then the count. */
const CIDNAME_OUTPUT = [
  '/cidname/79161234567                             : Иван Петров              ',
  '/cidname/84957654321                             : Reception                ',
  '/cidname/100                                     : Short                    ',
  '/cidname/+79161234567                            : Second name              ',
  '4 results found.',
];

function crmConfig(apiUrl: string): CrmRoutingConfig {
  return {
    apiUrl,
    apiToken: TOKEN,
    contactsApp: { namespace: 'crm', code: 'contacts' },
    contactPhoneField: 'phone',
    contactResponsibleField: 'responsible',
    contactRoutingField: null,
    telephonyModuleCode: null,
    userExtensionField: null,
    requestTimeoutMs: 2000,
    cacheSeconds: 0,
    directoryCacheSeconds: 0,
    maxLookupsInFlight: 20,
    apiRateLimitPerMinute: 0,
  };
}

function answerCommand(output: readonly string[]) {
  return (action: AmiMessage, connection: AmiTestConnection): void =>
    connection.respond(action, 'Success', [
      ['Message', 'Command output follows'],
      ...output.map((line): [string, string] => ['Output', line]),
    ]);
}

describe('contacts:sync', () => {
  let ami: AmiTestServer;
  let amiClient: AmiClient;
  let stub: Elma365PubApiStub;
  let sync: ContactSync;

  beforeEach(async () => {
    ami = await AmiTestServer.start();
    ami.onAction('Command', answerCommand(CIDNAME_OUTPUT));
    amiClient = new AmiClient({ ...ami.clientOptions(), keepaliveIntervalMs: 0, events: 'off' }, recordingLogger());
    await amiClient.start();
    stub = await Elma365PubApiStub.start({ token: TOKEN, data: { apps: { [APP]: [] } } });
    const client = new Elma365PubApiClient({ baseUrl: stub.url, token: TOKEN, timeoutMs: 2000 });
    sync = new ContactSync(client, crmConfig(stub.url), 'RU');
  });

  afterEach(async () => {
    await amiClient.stop();
    await ami.close();
    await stub.close();
  });

  async function run(
    entries: readonly PhonebookEntry[],
    dryRun = false,
  ): Promise<{ summary: ContactSyncSummary; outcomes: ContactSyncOutcome[] }> {
    const outcomes: ContactSyncOutcome[] = [];
    const summary = await sync.run(entries, { dryRun, onOutcome: (outcome) => outcomes.push(outcome) });
    return { summary, outcomes };
  }

  function creates(): unknown[] {
    return stub.requests.filter((request) => request.path.endsWith('/create')).map((request) => request.body);
  }

  it('reads the AstDB cidname family over AMI and creates the missing contacts with exact bodies', async () => {
    const entries = await readAstdbPhonebook(amiClient);
    expect(ami.actionsNamed('Command')[0].message.get('Command')).toBe('database show cidname');
    expect(entries).toEqual([
      { phone: '79161234567', name: 'Иван Петров' },
      { phone: '84957654321', name: 'Reception' },
      { phone: '100', name: 'Short' },
      { phone: '+79161234567', name: 'Second name' },
    ]);

    const { summary, outcomes } = await run(entries);

    expect(creates()).toEqual([
      { context: { __name: 'Иван Петров', phone: [{ type: 'work', tel: '+79161234567' }] } },
      { context: { __name: 'Reception', phone: [{ type: 'work', tel: '+74957654321' }] } },
    ]);
    expect(summary).toEqual({ created: 2, existing: 0, invalid: 1, failed: 0, stoppedBecause: null });
    expect(outcomes).toContainEqual({ result: 'invalid', raw: '100', name: 'Short' });
    expect(outcomes).toContainEqual({
      result: 'duplicate',
      phone: '+79161234567',
      name: 'Second name',
      keptName: 'Иван Петров',
    });
    expect(stub.requests.every((request) => request.authorized)).toBe(true);
  });

  it('creates nothing on a second run', async () => {
    const entries = await readAstdbPhonebook(amiClient);
    await run(entries);
    const before = creates().length;

    const { summary } = await run(entries);

    expect(creates()).toHaveLength(before);
    expect(summary).toMatchObject({ created: 0, existing: 2, invalid: 1, failed: 0 });
    expect(stub.items(APP)).toHaveLength(2);
  });

  it('matches an existing contact whose phone was typed as 8 (916) 123-45-67', async () => {
    stub.setData({
      apps: { [APP]: [{ __id: 'c-1', __name: 'Old', phone: [{ type: 'home', tel: '8 (916) 123-45-67' }] }] },
    });

    const { summary, outcomes } = await run([{ phone: '79161234567', name: 'Иван Петров' }]);

    expect(creates()).toEqual([]);
    expect(summary).toMatchObject({ created: 0, existing: 1 });
    expect(outcomes).toEqual([{ result: 'exists', phone: '+79161234567', name: 'Иван Петров', id: 'c-1' }]);
  });

  it('reads a CSV export with a BOM, `;` and quoted fields', async () => {
    const entries = await readCsvPhonebook(resolve(__dirname, 'fixtures/phonebook.csv'));
    expect(entries).toEqual([
      { phone: '8 (916) 123-45-67', name: 'Иван Петров' },
      { phone: '+7 495 765-43-21', name: 'ООО "Ромашка"; офис' },
      { phone: '123', name: 'Короткий' },
      { phone: '79161234567', name: 'Дубль' },
    ]);

    const { summary, outcomes } = await run(entries);

    expect(creates()).toEqual([
      { context: { __name: 'Иван Петров', phone: [{ type: 'work', tel: '+79161234567' }] } },
      { context: { __name: 'ООО "Ромашка"; офис', phone: [{ type: 'work', tel: '+74957654321' }] } },
    ]);
    expect(summary).toMatchObject({ created: 2, existing: 0, invalid: 1, failed: 0 });
    expect(outcomes.filter((outcome) => outcome.result === 'invalid')).toEqual([
      { result: 'invalid', raw: '123', name: 'Короткий' },
    ]);
  });

  it('reports invalid numbers and sends nothing for them', async () => {
    const { summary, outcomes } = await run([
      { phone: 'abc', name: 'Garbage' },
      { phone: '+7 000', name: 'Too short' },
    ]);

    expect(summary).toMatchObject({ created: 0, invalid: 2 });
    expect(outcomes.map((outcome) => outcome.result)).toEqual(['invalid', 'invalid']);
    expect(stub.requests).toEqual([]);
  });

  it('sends no create on a dry run and says what it would do', async () => {
    const { summary, outcomes } = await run(await readAstdbPhonebook(amiClient), true);

    expect(creates()).toEqual([]);
    expect(stub.items(APP)).toEqual([]);
    expect(summary).toMatchObject({ created: 2, invalid: 1 });
    expect(outcomes.filter((outcome) => outcome.result === 'would_create').map((o) => o.name)).toEqual([
      'Иван Петров',
      'Reception',
    ]);
  });

  it('waits out a 429 with Retry-After 1 and goes on', async () => {
    stub.rateLimit(1);
    const limitedAt = Date.now();
    setTimeout(() => stub.ok(), 300);

    const { summary } = await run([{ phone: '79161234567', name: 'Иван Петров' }]);

    expect(Date.now() - limitedAt).toBeGreaterThanOrEqual(900);
    expect(summary).toMatchObject({ created: 1, failed: 0, stoppedBecause: null });
    expect(stub.items(APP)).toHaveLength(1);
  });

  it('says the AMI user needs the command permission when Asterisk answers Permission denied', async () => {
    ami.onAction('Command', (action, connection) =>
      connection.respond(action, 'Error', { Message: 'Permission denied' }),
    );

    await expect(readAstdbPhonebook(amiClient)).rejects.toThrow(/needs the `command` write permission/);
  });

  it('exits 2 with the usage on a bad argument', () => {
    const run = spawnSync('npm', ['run', '-s', 'contacts:sync', '--', '--bogus'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('unknown argument --bogus');
    expect(run.stderr).toContain('usage: npm run contacts:sync');
  });
});
