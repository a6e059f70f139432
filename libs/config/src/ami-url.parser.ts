import { isIPv6 } from 'node:net';
import type { AmiAuthMethod, PbxConnectionConfig } from './ami.config';
import type { ConfigIssue } from './config.exception';
import { parseTcpPort } from './tcp-port';

const SCHEME = 'ami://';
const DEFAULT_PORT = 5038;
const PBX_ID = /^[A-Za-z0-9_-]{1,32}$/;
const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const LINE_BREAK = /[\r\n]/;
const FORMAT_HINT = 'ami://user:secret@host:port/pbxId';

export interface AmiUrlParseResult {
  readonly pbxs: readonly PbxConnectionConfig[];
  readonly issues: readonly ConfigIssue[];
}

interface NumberedPbx {
  readonly entry: number;
  readonly pbx: PbxConnectionConfig;
}

type EntryResult = { pbx: PbxConnectionConfig; problems?: never } | { pbx?: never; problems: string[] };

/**
 * Parses AMI_URL (or AMI_ORIGINATE_URL, same form): comma-separated `ami://user:secret@host[:port]/pbxId[?auth=plain|md5]`.
 * Hand-written rather than WHATWG URL because URL rejects out-of-range ports with a bare "Invalid URL" and
 * errors must say what is wrong without ever repeating the entry (it holds the secret).
 */
export function parseAmiUrls(value: string | undefined, variable = 'AMI_URL'): AmiUrlParseResult {
  if (value === undefined || value.trim() === '') return { pbxs: [], issues: [] };

  const parsed: NumberedPbx[] = [];
  const issues: ConfigIssue[] = [];
  value.split(',').forEach((entry, index) => {
    const result = parseEntry(entry.trim());
    if (result.pbx) parsed.push({ entry: index + 1, pbx: result.pbx });
    else
      issues.push(...result.problems.map((problem) => issue(variable, `${variable} entry ${index + 1}: ${problem}`)));
  });
  issues.push(...duplicatePbxIdIssues(variable, parsed));
  return { pbxs: parsed.map(({ pbx }) => pbx), issues };
}

/** The connection as a URL with the secret masked, for log lines. */
export function formatPbxConnection(pbx: PbxConnectionConfig): string {
  const auth = pbx.auth === 'plain' ? '' : `?auth=${pbx.auth}`;
  const host = isIPv6(pbx.host) ? `[${pbx.host}]` : pbx.host;
  return `${SCHEME}${encodeURIComponent(pbx.username)}:***@${host}:${pbx.port}/${pbx.pbxId}${auth}`;
}

function parseEntry(entry: string): EntryResult {
  if (entry === '') return { problems: ['is empty (remove the extra comma)'] };
  if (!entry.toLowerCase().startsWith(SCHEME)) return { problems: [`must start with ${SCHEME} (${FORMAT_HINT})`] };

  const rest = entry.slice(SCHEME.length);
  // The last '@': an unencoded '@' in the secret still parses; the host part never contains one.
  const at = rest.lastIndexOf('@');
  if (at < 0) return { problems: [`must contain user:secret@ before the host (${FORMAT_HINT})`] };

  const credentials = parseCredentials(rest.slice(0, at));
  const location = parseLocation(rest.slice(at + 1));
  const problems = [...credentials.problems, ...location.problems];
  if (problems.length > 0 || !credentials.value || !location.value) return { problems };
  return { pbx: { ...location.value, ...credentials.value } };
}

interface Parsed<T> {
  value?: T;
  problems: string[];
}

function parseCredentials(userinfo: string): Parsed<{ username: string; secret: string }> {
  const colon = userinfo.indexOf(':');
  if (colon < 0) return { problems: [`must contain both user and secret as user:secret@ (${FORMAT_HINT})`] };

  const username = decodeCredential('user', userinfo.slice(0, colon));
  const secret = decodeCredential('secret', userinfo.slice(colon + 1));
  const problems = [...username.problems, ...secret.problems];
  if (username.value === undefined || secret.value === undefined) return { problems };
  return { value: { username: username.value, secret: secret.value }, problems };
}

function decodeCredential(name: 'user' | 'secret', encoded: string): Parsed<string> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    return { problems: [`${name} has invalid percent-encoding (encode '%' as %25)`] };
  }
  if (decoded === '') return { problems: [`${name} is empty`] };
  // A line break would end the AMI Login action early and let the rest be read as another header.
  if (LINE_BREAK.test(decoded)) return { problems: [`${name} must not contain line breaks`] };
  return { value: decoded, problems: [] };
}

function parseLocation(location: string): Parsed<Omit<PbxConnectionConfig, 'username' | 'secret'>> {
  if (location.includes('#')) return { problems: ["must not contain '#' after the host"] };
  const hostEnd = location.search(/[/?]/);
  const hostPort = hostEnd < 0 ? location : location.slice(0, hostEnd);
  const afterHost = hostEnd < 0 ? '' : location.slice(hostEnd);
  const queryStart = afterHost.indexOf('?');
  const path = queryStart < 0 ? afterHost : afterHost.slice(0, queryStart);
  const query = queryStart < 0 ? '' : afterHost.slice(queryStart + 1);

  const address = parseHostPort(hostPort);
  const pbxId = parsePbxId(path);
  const auth = parseQuery(query);
  const problems = [...address.problems, ...pbxId.problems, ...auth.problems];
  if (!address.value || pbxId.value === undefined || auth.value === undefined) return { problems };
  return { value: { pbxId: pbxId.value, ...address.value, auth: auth.value }, problems };
}

function parseHostPort(hostPort: string): Parsed<{ host: string; port: number }> {
  const bracketed = hostPort.match(/^\[([^\]]*)\](?::(.*))?$/);
  if (!bracketed && hostPort.split(':').length > 2)
    return { problems: ['an IPv6 host must be in brackets, e.g. [::1]'] };
  const [host, portText] = bracketed ? [bracketed[1], bracketed[2]] : splitOnce(hostPort, ':');
  const problems: string[] = [];

  if (host === '') problems.push('host is missing');
  else if (bracketed ? !isIPv6(host) : !HOSTNAME.test(host))
    problems.push('host is not a valid hostname or IP address');

  const port = portText === undefined ? DEFAULT_PORT : parseTcpPort(portText);
  if (port === undefined) problems.push('port must be 1-65535');

  return problems.length === 0 && port !== undefined ? { value: { host, port }, problems } : { problems };
}

function parsePbxId(path: string): Parsed<string> {
  if (path === '' || path === '/') return { problems: ['pbx id is missing (end the URL with /<pbxId>, e.g. /main)'] };
  const pbxId = path.slice(1);
  if (!PBX_ID.test(pbxId)) return { problems: ['pbx id must be 1-32 characters of A-Z, a-z, 0-9, _ and -'] };
  return { value: pbxId, problems: [] };
}

function parseQuery(query: string): Parsed<AmiAuthMethod> {
  let auth: AmiAuthMethod = 'plain';
  const problems: string[] = [];
  for (const [key, value] of new URLSearchParams(query)) {
    if (key !== 'auth') problems.push('only the query parameter auth=plain|md5 is supported');
    else if (value === 'plain' || value === 'md5') auth = value;
    else problems.push('auth must be plain or md5');
  }
  return problems.length === 0 ? { value: auth, problems } : { problems };
}

function duplicatePbxIdIssues(variable: string, parsed: readonly NumberedPbx[]): ConfigIssue[] {
  // Case-insensitive: pbx ids end up in URLs, file names and logs where 'Main' and 'main' would be confused.
  const entriesById = new Map<string, NumberedPbx[]>();
  for (const numbered of parsed) {
    const key = numbered.pbx.pbxId.toLowerCase();
    entriesById.set(key, [...(entriesById.get(key) ?? []), numbered]);
  }
  return [...entriesById.values()]
    .filter((entries) => entries.length > 1)
    .map((entries) => {
      const numbers = entries.map(({ entry }) => entry);
      const list = `${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`;
      return issue(variable, `${variable}: duplicate pbx id '${entries[0].pbx.pbxId}' (entries ${list})`);
    });
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}

function issue(variable: string, message: string): ConfigIssue {
  return { variable, message };
}
