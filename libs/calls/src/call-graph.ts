import { CallState, ChannelState, TrackerState } from './tracker-state';

const MAX_LOCAL_HOPS = 8;

/** Read-only questions about the channels of a call. */
export class CallGraph {
  constructor(private readonly state: TrackerState) {}

  channel(uniqueid: string | undefined): ChannelState | undefined {
    return uniqueid === undefined ? undefined : this.state.channels.get(uniqueid);
  }

  channelsOf(call: CallState): ChannelState[] {
    const out: ChannelState[] = [];
    for (const id of call.channels) {
      const ch = this.state.channels.get(id);
      if (ch) out.push(ch);
    }
    return out;
  }

  /** The channel that started the call: the Linkedid owner, else the oldest one. */
  origin(call: CallState): ChannelState | undefined {
    return this.channel(call.linkedid) ?? this.channelsOf(call)[0];
  }

  /** The phone or trunk a channel stands for: Local halves are followed to what their partner dialled. */
  real(channel: ChannelState | undefined, hops = 0): ChannelState | undefined {
    if (!channel || channel.kind !== 'local') return channel;
    if (hops >= MAX_LOCAL_HOPS) return undefined;
    const partner = this.localPartner(channel);
    if (!partner) return undefined;
    const dialled = partner.dialed.map((id) => this.channel(id)).filter((c): c is ChannelState => !!c);
    const pick = dialled.find((c) => c.dialStatus === 'ANSWER') ?? dialled.find((c) => c.upAt !== undefined);
    if (pick) return this.real(pick, hops + 1);
    const bridged = this.bridgePeers(partner)[0];
    if (bridged) return this.real(bridged, hops + 1);
    return dialled.length > 0 ? this.real(dialled[0], hops + 1) : undefined;
  }

  localPartner(channel: ChannelState): ChannelState | undefined {
    const base = channel.parsed.localBase;
    if (!base) return undefined;
    const pair = this.state.localPairs.get(base);
    return this.channel(channel.parsed.localHalf === 1 ? pair?.two : pair?.one);
  }

  bridgePeers(channel: ChannelState): ChannelState[] {
    if (!channel.bridgeId) return [];
    const members = this.state.bridges.get(channel.bridgeId);
    if (!members) return [];
    const out: ChannelState[] = [];
    for (const id of members) {
      if (id === channel.uniqueid) continue;
      const ch = this.channel(id);
      if (ch) out.push(ch);
    }
    return out;
  }

  bridgeMembers(bridgeId: string | undefined): ChannelState[] {
    const members = bridgeId === undefined ? undefined : this.state.bridges.get(bridgeId);
    if (!members) return [];
    return [...members].map((id) => this.channel(id)).filter((c): c is ChannelState => !!c);
  }

  extensionOf(channel: ChannelState | undefined): string | null {
    const real = this.real(channel);
    return real?.kind === 'extension' ? real.parsed.resource : null;
  }

  /** The Originate leg: Asterisk's DialBegin for it has no calling channel. */
  isOriginated(channel: ChannelState | undefined): boolean {
    return channel?.dialedBy === null;
  }

  /** A Dial() target still ringing (no DialEnd, not hung up), other than the call's own caller. */
  hasRingingLeg(call: CallState, caller: ChannelState | undefined): boolean {
    return this.channelsOf(call).some(
      (c) =>
        c.dialedBy !== undefined &&
        c !== caller &&
        c.dialStatus === undefined &&
        c.hungUpAt === undefined &&
        !(caller && this.real(c) === caller),
    );
  }

  allHungUp(call: CallState): boolean {
    return this.channelsOf(call).every((c) => c.hungUpAt !== undefined);
  }
}
