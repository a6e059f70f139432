export interface CallTrackerOptions {
  /** namespaces call ids: `<pbxId>:<linkedid>` */
  pbxId: string;
  /** an endpoint whose name matches is an internal extension (default: 2-6 digits) */
  internalExtensionPattern: RegExp;
  /** when set, only matching endpoints are trunks; otherwise every non-extension endpoint is */
  trunkEndpointPattern?: RegExp;
  /** ISO 3166 region for national numbers (default RU) */
  defaultRegion: string;
}

export const DEFAULT_INTERNAL_EXTENSION_PATTERN = /^\d{2,6}$/;

export function callTrackerOptions(partial: Partial<CallTrackerOptions> = {}): CallTrackerOptions {
  return {
    pbxId: partial.pbxId ?? 'default',
    internalExtensionPattern: partial.internalExtensionPattern ?? DEFAULT_INTERNAL_EXTENSION_PATTERN,
    trunkEndpointPattern: partial.trunkEndpointPattern,
    defaultRegion: partial.defaultRegion ?? 'RU',
  };
}
