export interface ReplayArgs {
  file: string;
  chunkSize: number | undefined;
  events: boolean;
  pbxId: string;
}

export const REPLAY_USAGE =
  'usage: npm run replay -- <file.ami> [--chunk-size N] [--events] [--pbx-id ID]\n' +
  '  Replays a raw AMI transcript through the parser and the call tracker and prints one JSON\n' +
  '  object per finished call (with --events, the live events too) on stdout.';

export function parseReplayArgs(argv: readonly string[]): ReplayArgs {
  let file: string | undefined;
  let chunkSize: number | undefined;
  let events = false;
  let pbxId = 'default';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') ? splitFlag(arg) : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--chunk-size': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) throw new Error('--chunk-size must be a whole number from 1 up');
        chunkSize = n;
        break;
      }
      case '--events':
        events = true;
        break;
      case '--pbx-id':
        pbxId = value();
        break;
      case '--help':
      case '-h':
        throw new Error(REPLAY_USAGE);
      default:
        if (flag.startsWith('-')) throw new Error(`unknown option ${flag}`);
        if (file !== undefined) throw new Error(`one transcript at a time (got ${file} and ${flag})`);
        file = flag;
    }
  }
  if (file === undefined) throw new Error('a transcript file is required');
  return { file, chunkSize, events, pbxId };
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}
