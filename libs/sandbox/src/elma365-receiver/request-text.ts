import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** The whole body as UTF-8. */
export async function readBody(request: IncomingMessage): Promise<string> {
  return (await readCappedBody(request, Number.POSITIVE_INFINITY)) ?? '';
}

/**
 * The body as UTF-8, or undefined when it exceeds `maxBytes`. The rest is still read, only not kept: destroying the
 * request would reset the connection, and the client would never see the answer that says why.
 */
export async function readCappedBody(request: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size <= maxBytes) chunks.push(buffer);
  }
  return size > maxBytes ? undefined : Buffer.concat(chunks).toString('utf8');
}

/** Lower-case names (as Node gives them); repeated headers joined with ", ". */
export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** The parsed JSON, or undefined when the text is not JSON. */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
