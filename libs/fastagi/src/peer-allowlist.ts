import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** A host name's addresses are looked up again at most this often when an address not yet allowed connects. */
const RESOLVE_AGAIN_MS = 30_000;

export type ResolveHost = (host: string) => Promise<string[]>;

const resolveAll: ResolveHost = async (host) => (await lookup(host, { all: true })).map((a) => a.address);

/**
 * Who may open a FastAGI session: a session answers who is calling and whose client it is, so only the PBX may ask.
 * Entries are IP addresses, host names (a PBX in Docker is `asterisk`) or `*` for anybody.
 */
export class PeerAllowlist {
  private readonly addresses = new Set<string>();
  private readonly hosts: string[] = [];
  private readonly anybody: boolean;
  private resolvedAt = Number.NEGATIVE_INFINITY;
  private resolving?: Promise<void>;

  constructor(
    entries: readonly string[],
    private readonly resolve: ResolveHost = resolveAll,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.anybody = entries.includes('*');
    for (const entry of entries) {
      if (entry === '*') continue;
      if (isIP(entry)) this.addresses.add(plainAddress(entry));
      else this.hosts.push(entry);
    }
  }

  async allows(remoteAddress: string | undefined): Promise<boolean> {
    if (this.anybody) return true;
    if (remoteAddress === undefined) return false;
    const address = plainAddress(remoteAddress);
    if (this.addresses.has(address)) return true;
    if (this.hosts.length === 0 || this.nowMs() - this.resolvedAt < RESOLVE_AGAIN_MS) return false;
    await this.resolveHosts();
    return this.addresses.has(address);
  }

  private resolveHosts(): Promise<void> {
    this.resolving ??= (async () => {
      for (const host of this.hosts) {
        const found = await this.resolve(host).catch(() => []);
        for (const address of found) this.addresses.add(plainAddress(address));
      }
      this.resolvedAt = this.nowMs();
    })().finally(() => (this.resolving = undefined));
    return this.resolving;
  }
}

/** `::ffff:10.0.0.5` (an IPv4 peer on a dual-stack socket) is `10.0.0.5`. */
function plainAddress(address: string): string {
  return address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
}
