/**
 * One line for an operator when the database cannot be used (`action`: e.g. 'connect to'): where (host, port, database — never the
 * credentials) and why. Any occurrence of the password in the driver's message is masked as well.
 */
export function describeDatabaseError(error: unknown, url: string, action = 'use'): string {
  const where = describeTarget(url);
  const reason = error instanceof Error ? reasonOf(error) : String(error);
  return `cannot ${action} the database at ${where}: ${maskPassword(reason, url)}`;
}

function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

function reasonOf(error: Error): string {
  // A failed DNS lookup or refused connection may be an AggregateError (one per address) with an empty message.
  if (error instanceof AggregateError && error.message === '') {
    const first: unknown = error.errors[0];
    if (first instanceof Error) return reasonOf(first);
  }
  return error.message || error.name;
}

function maskPassword(text: string, url: string): string {
  const password = passwordOf(url);
  return password ? text.split(password).join('***') : text;
}

function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

/** Node socket errors and PostgreSQL SQLSTATEs that mean "the server is not there right now", not "this query is wrong". */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_MESSAGE =
  /connection terminated|connection timeout|terminating connection|not queryable|connection is closed/i;

/**
 * True when the database could not be reached (refused, restarting, too many clients, connection lost mid-query),
 * whatever layer wrapped it (TypeORM's QueryFailedError keeps the driver's error as driverError).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return false;
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code))) return true;
    if (typeof code === 'string' && code.startsWith('08')) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
    if (current instanceof AggregateError && current.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    const next = current as { driverError?: unknown; cause?: unknown };
    current = next.driverError ?? next.cause;
  }
  return false;
}
