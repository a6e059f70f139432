import { type AmiClient, AmiClientError, AmiClientErrorCode } from '@app/ami';
import { type PhonebookEntry, PhonebookSourceException } from './phonebook-entry';

const CIDNAME_LINE = /^\s*\/cidname\/(\S+)\s*:\s?(.*)$/;

/** The part of AmiClient this source needs. */
export type AmiCommandSender = Pick<AmiClient, 'action'>;

/** The AstDB `cidname` family (`database show cidname`), read over AMI with `Action: Command`. */
export async function readAstdbPhonebook(ami: AmiCommandSender): Promise<PhonebookEntry[]> {
  let output: string[];
  try {
    const response = await ami.action({ Action: 'Command', Command: 'database show cidname' });
    output = response.getAll('Output');
  } catch (error: unknown) {
    throw new PhonebookSourceException(describeCommandFailure(error));
  }
  return parseCidnameOutput(output);
}

/** `/cidname/79161234567                             : Иван Петров` lines; the `N results found.` line is ignored. */
export function parseCidnameOutput(lines: readonly string[]): PhonebookEntry[] {
  return lines.flatMap((line) => {
    const match = CIDNAME_LINE.exec(line);
    return match ? [{ phone: match[1], name: match[2].trim() }] : [];
  });
}

function describeCommandFailure(error: unknown): string {
  if (error instanceof AmiClientError && error.code === AmiClientErrorCode.ActionFailed) {
    const text = error.response?.get('Message') ?? error.message;
    if (/permission denied/i.test(text)) {
      return (
        'Asterisk answered "Permission denied" to `database show cidname`: the AMI user needs the `command` ' +
        'write permission (manager.conf: write = ...,command)'
      );
    }
    return `Asterisk refused \`database show cidname\`: ${text}`;
  }
  return `cannot read the AstDB cidname family: ${error instanceof Error ? error.message : String(error)}`;
}
