export interface ChannelName {
  /** PJSIP, SIP, IAX2, Local, ... */
  tech: string;
  /** the endpoint (PJSIP/1001-0000002a -> 1001); for Local, `exten@context` */
  resource: string;
  /** Local channels only: 1 or 2, and the name shared by both halves */
  localHalf?: 1 | 2;
  localBase?: string;
}

/**
 * `PJSIP/1001-0000002a`, `SIP/mts-00000003`, `PJSIP/mts-trunk/sip:...-01`, `Local/1002@from-internal-00000000;2`.
 * The resource is what precedes the last `-<hex>` sequence number.
 */
export function parseChannelName(name: string): ChannelName {
  const slash = name.indexOf('/');
  if (slash <= 0) return { tech: '', resource: name };
  const tech = name.slice(0, slash);
  let rest = name.slice(slash + 1);
  if (tech.toLowerCase() === 'local') {
    const semi = rest.lastIndexOf(';');
    const half = semi >= 0 ? rest.slice(semi + 1) : '';
    const base = semi >= 0 ? rest.slice(0, semi) : rest;
    const dash = base.lastIndexOf('-');
    return {
      tech,
      resource: dash > 0 ? base.slice(0, dash) : base,
      localHalf: half === '2' ? 2 : 1,
      localBase: `${tech}/${base}`,
    };
  }
  const dash = rest.lastIndexOf('-');
  if (dash > 0 && /^[0-9a-fA-F]+$/.test(rest.slice(dash + 1))) rest = rest.slice(0, dash);
  // chan_sip / chan_pjsip dial-string style names (`PJSIP/trunk/sip:...`) keep only the endpoint
  const innerSlash = rest.indexOf('/');
  return { tech, resource: innerSlash > 0 ? rest.slice(0, innerSlash) : rest };
}
