/** A path segment this long may be a token or an id that works like one (ELMA365 puts the token in its link). */
const LONG_SEGMENT_CHARS = 12;
const MASK = '***';

/**
 * The webhook link as it may be logged or shown: scheme, host and port kept; credentials, every query value, the
 * fragment, and every long path segment or query name replaced by `***`.
 */
export function maskWebhookUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(not a valid URL)';
  }
  const credentials = parsed.username || parsed.password ? `${MASK}@` : '';
  const path = parsed.pathname
    .split('/')
    .map((segment) => (segment.length >= LONG_SEGMENT_CHARS ? MASK : segment))
    .join('/');
  const query = [...parsed.searchParams.keys()]
    .map((name) => `${name.length >= LONG_SEGMENT_CHARS ? MASK : encodeURIComponent(name)}=${MASK}`)
    .join('&');
  return (
    `${parsed.protocol}//${credentials}${parsed.host}${path}` +
    (query ? `?${query}` : '') +
    (parsed.hash ? `#${MASK}` : '')
  );
}
