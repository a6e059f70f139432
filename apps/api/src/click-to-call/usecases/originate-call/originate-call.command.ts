export interface OriginateCallCommand {
  readonly extension: string;
  readonly phone: string;
  readonly pbxId?: string;
  readonly callerName?: string;
  readonly variables: Readonly<Record<string, string>>;
}

export interface OriginateCallResult {
  readonly callId: string;
  readonly status: 'originating';
}
