import { AmiClient, type AmiLogger } from '@app/ami';
import type { AppConfig, PbxConnectionConfig } from '@app/config';
import { readAstdbPhonebook } from './astdb-phonebook.source';
import type { ContactSyncSource } from './contact-sync-args';
import { readCsvPhonebook } from './csv-phonebook.source';
import { type PhonebookEntry, PhonebookSourceException } from './phonebook-entry';

const QUIET: AmiLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** The phonebook from the chosen source; AstDB through a short AMI session to the chosen PBX. */
export async function loadPhonebook(source: ContactSyncSource, config: AppConfig): Promise<PhonebookEntry[]> {
  if (source.kind === 'csv') return readCsvPhonebook(source.file);
  const pbx = choosePbx(config.ami.pbxs, source.pbxId);
  const ami = new AmiClient(
    {
      host: pbx.host,
      port: pbx.port,
      username: pbx.username,
      secret: pbx.secret,
      auth: pbx.auth,
      events: 'off',
      keepaliveIntervalMs: 0,
    },
    QUIET,
  );
  try {
    await ami.start();
  } catch (error: unknown) {
    await ami.stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new PhonebookSourceException(
      `cannot log in to AMI of PBX ${pbx.pbxId} at ${pbx.host}:${pbx.port}: ${reason}`,
    );
  }
  try {
    return await readAstdbPhonebook(ami);
  } finally {
    await ami.stop();
  }
}

function choosePbx(pbxs: readonly PbxConnectionConfig[], pbxId: string | null): PbxConnectionConfig {
  const ids = pbxs.map((pbx) => pbx.pbxId).join(', ');
  if (pbxId === null) {
    if (pbxs.length === 1) return pbxs[0];
    throw new PhonebookSourceException(`several PBXs are configured (${ids}): choose one with --pbx`);
  }
  const found = pbxs.find((pbx) => pbx.pbxId === pbxId);
  if (found === undefined) throw new PhonebookSourceException(`no PBX ${pbxId} in AMI_URL (configured: ${ids})`);
  return found;
}
