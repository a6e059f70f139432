import { CallTrackerOptions } from './call-tracker.options';
import { ChannelName } from './channel-name';
import { isUnknownNumber, normalizePhoneNumber } from './phone-number';
import { EndpointKind } from './tracker-state';

/** Decides from channel facts alone (never dialplan variables) what an endpoint is and how a party is written. */
export class PartyClassifier {
  constructor(private readonly options: CallTrackerOptions) {}

  endpointKind(name: ChannelName): EndpointKind {
    if (name.localHalf !== undefined) return 'local';
    if (this.isExtension(name.resource)) return 'extension';
    const trunk = this.options.trunkEndpointPattern;
    return !trunk || trunk.test(name.resource) ? 'trunk' : 'other';
  }

  isExtension(value: string): boolean {
    return this.options.internalExtensionPattern.test(value);
  }

  /** An extension stays as it is; anything else is a phone number in E.164 where possible. */
  party(raw: string | undefined | null): string | null {
    if (raw === undefined || raw === null || isUnknownNumber(raw)) return null;
    const value = raw.trim();
    return this.isExtension(value) ? value : this.phone(value);
  }

  phone(raw: string | undefined | null): string | null {
    if (raw === undefined || raw === null || isUnknownNumber(raw)) return null;
    return normalizePhoneNumber(raw, this.options.defaultRegion);
  }
}
