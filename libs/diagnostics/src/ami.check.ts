import { AmiClient, AmiClientError, AmiClientErrorCode, type AmiLogger } from '@app/ami';
import type { PbxConnectionConfig } from '@app/config';
import { type AmiUserRole, listedActions, judgeAmiRights } from './ami-rights';
import { type DiagnosticCheck, failed, passed, reasonOf } from './diagnostic-check';

const SILENT: AmiLogger = { log: () => {}, warn: () => {}, error: () => {} };

export interface AmiCheckOptions {
  /** connect, banner and each action (default 5 s) */
  readonly timeoutMs?: number;
  /** what this user is for (default `both`) */
  readonly role?: AmiUserRole;
}

/** The PBX's AMI users: AMI_URL's, and click-to-call's own when AMI_ORIGINATE_URL names one. */
export async function checkAmiUsers(
  pbx: PbxConnectionConfig,
  options: AmiCheckOptions = {},
): Promise<DiagnosticCheck[]> {
  if (pbx.originator === undefined) return checkAmi(pbx, { ...options, role: 'both' });
  const [events, originate] = await Promise.all([
    checkAmi(pbx, { ...options, role: 'events' }),
    checkAmi(pbx.originator, { ...options, role: 'originate' }),
  ]);
  return [...events, ...originate];
}

/**
 * Logs in with the configured user (a session of its own, next to the ingest's), reads `ListCommands` and logs off.
 * Nothing is changed on the PBX. When the login fails, the rights are not judged (they cannot be read).
 */
export async function checkAmi(pbx: PbxConnectionConfig, options: AmiCheckOptions = {}): Promise<DiagnosticCheck[]> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const role = options.role ?? 'both';
  const heading = {
    id: role === 'originate' ? 'ami.originate.login' : 'ami.login',
    scope: pbx.pbxId,
    title: `AMI login to ${pbx.host}:${pbx.port} as ${pbx.username}${role === 'originate' ? ' (click-to-call)' : ''}`,
  };
  const variable = role === 'originate' ? 'AMI_ORIGINATE_URL' : 'AMI_URL';
  const client = new AmiClient(
    {
      host: pbx.host,
      port: pbx.port,
      username: pbx.username,
      secret: pbx.secret,
      auth: pbx.auth,
      connectTimeoutMs: timeoutMs,
      actionTimeoutMs: timeoutMs,
      keepaliveIntervalMs: 0,
      actionIdPrefix: 'doctor',
      // one attempt only: the client is stopped right after it
      reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    },
    SILENT,
  );
  try {
    try {
      await client.start();
    } catch (error) {
      return [loginFailure(heading, pbx, variable, error)];
    }
    const checks = [passed(heading, `logged in (${client.banner ?? 'no banner'})`)];
    try {
      const response = await client.action({ Action: 'ListCommands' });
      checks.push(
        ...judgeAmiRights({ pbxId: pbx.pbxId, username: pbx.username, actions: listedActions(response), role }),
      );
    } catch (error) {
      checks.push(
        failed(
          {
            id: role === 'originate' ? 'ami.rights.originate' : 'ami.rights.list',
            scope: pbx.pbxId,
            title: 'AMI rights',
          },
          `ListCommands failed: ${reasonOf(error)}`,
          'check that the PBX is an Asterisk (ListCommands exists since 1.4) and run the doctor again',
        ),
      );
    }
    return checks;
  } finally {
    await client.stop();
  }
}

function loginFailure(
  heading: { id: string; scope: string; title: string },
  pbx: PbxConnectionConfig,
  variable: string,
  error: unknown,
): DiagnosticCheck {
  const code = error instanceof AmiClientError ? error.code : undefined;
  if (code === AmiClientErrorCode.LoginFailed) {
    return failed(
      heading,
      reasonOf(error).replace(/^AMI /, ''),
      `the user and secret in ${variable} must match the [${pbx.username}] section of manager.conf (secret =, ` +
        `and permit = must include the connector's address); percent-encode @ : / in ${variable}; "manager reload" after a change`,
    );
  }
  return failed(
    heading,
    `cannot reach AMI: ${reasonOf(error)}`,
    `check host and port in ${variable}, that manager.conf has enabled = yes and bindaddr/port reachable from the ` +
      `connector, and firewalls between them`,
  );
}
