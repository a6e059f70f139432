/**
 * Whether the webhook link may point at `url`'s host: an entry is a host name (exact, any case) or `*.domain`
 * (any host under it, not the domain itself). A stolen API key must not redirect every call to another server.
 */
export function isAllowedWebhookHost(url: string, allowedHosts: readonly string[]): boolean {
  let host: string;
  try {
    host = normalizeHost(new URL(url).hostname);
  } catch {
    return false;
  }
  return allowedHosts.some((entry) => {
    const allowed = normalizeHost(entry);
    return allowed.startsWith('*.') ? host.endsWith(allowed.slice(1)) : host === allowed;
  });
}

/** Lower case, no trailing dot, IPv6 without its brackets. */
function normalizeHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[(.*)\]$/, '$1');
}
