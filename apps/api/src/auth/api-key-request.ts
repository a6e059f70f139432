import type { IncomingMessage } from 'node:http';

/** A request the ApiKeyGuard let through carries the id (never the key) of the key it came with. */
export interface ApiKeyRequest extends IncomingMessage {
  apiKeyId?: string;
}
