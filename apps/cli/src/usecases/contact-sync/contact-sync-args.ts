export type ContactSyncSource =
  { readonly kind: 'astdb'; readonly pbxId: string | null } | { readonly kind: 'csv'; readonly file: string };

export interface ContactSyncArgs {
  readonly source: ContactSyncSource;
  readonly dryRun: boolean;
  readonly json: boolean;
}

export const CONTACT_SYNC_USAGE =
  'usage: npm run contacts:sync -- --from-astdb [--pbx <pbxId>] | --from-csv <file> [--dry-run] [--json]\n' +
  "  Imports the PBX's phonebook (AstDB cidname family, or a CSV export phone,name) into ELMA365's contacts app,\n" +
  '  matching by phone: missing contacts are created, existing ones left alone. Safe to run again.\n' +
  '  --dry-run  change nothing, print what would be done\n' +
  '  --json     one JSON line per entry on stdout';

/** @throws Error with the reason (the caller prints it with the usage and exits 2) */
export function parseContactSyncArgs(argv: readonly string[]): ContactSyncArgs {
  let fromAstdb = false;
  let csvFile: string | undefined;
  let pbxId: string | null = null;
  let dryRun = false;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitFlag(argv[i]);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--from-astdb':
        fromAstdb = true;
        break;
      case '--from-csv':
        csvFile = value();
        break;
      case '--pbx':
        pbxId = value();
        break;
      case '--dry-run':
        dryRun = true;
        break;
      case '--json':
        json = true;
        break;
      default:
        throw new Error(`unknown argument ${flag}`);
    }
  }
  if (fromAstdb === (csvFile !== undefined)) throw new Error('give exactly one of --from-astdb and --from-csv');
  if (csvFile !== undefined && pbxId !== null) throw new Error('--pbx goes with --from-astdb');
  const source: ContactSyncSource = csvFile === undefined ? { kind: 'astdb', pbxId } : { kind: 'csv', file: csvFile };
  return { source, dryRun, json };
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
  return eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}
