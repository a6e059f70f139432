/** What pino-http hands a custom `req` serializer: its standard serialization of the request. */
export interface SerializedRequestLike {
  readonly id?: unknown;
  readonly method?: string;
  readonly url?: string;
  readonly headers?: Readonly<Record<string, unknown>>;
  readonly remoteAddress?: string;
  readonly remotePort?: number;
}

export const REDACTED = '[Redacted]';

/** Query parameters that carry credentials (signed recording links, tokens) and never reach a log. */
const SECRET_QUERY_PARAMS = /([?&](?:sig|token)=)[^&#]*/gi;

export function maskSecretQueryParams(url: string): string {
  return url.replace(SECRET_QUERY_PARAMS, `$1${REDACTED}`);
}

/**
 * The logged request: the URL with secret query values masked, no separate query/params copies (they would
 * repeat those values) and never the body. Credential headers are removed by the logger's `redact` paths.
 */
export function serializeRequest(request: SerializedRequestLike): Record<string, unknown> {
  return {
    id: request.id,
    method: request.method,
    url: request.url === undefined ? undefined : maskSecretQueryParams(request.url),
    headers: { ...request.headers },
    remoteAddress: request.remoteAddress,
    remotePort: request.remotePort,
  };
}
