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
