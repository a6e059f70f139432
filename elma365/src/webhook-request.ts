// What the script can tell about the request ELMA365 handed it, whatever its shape: nothing here throws.

export interface SeenWebhookRequest {
  /** lower-case header names; repeated names and array values joined with ", " */
  headers: Readonly<Record<string, string>>;
  /** lower-cased, sorted, never the values */
  headerNames: string[];
  /** what `request.headers` was: `object`, `missing`, `iterable` (a Headers-like object) or its `typeof` */
  headersType: string;
  body: unknown;
  /** `typeof request.body` (`null` for null) */
  bodyType: string;
}

export function seeWebhookRequest(request: unknown): SeenWebhookRequest {
  const fields = typeof request === 'object' && request !== null ? (request as Record<string, unknown>) : {};
  const { headers, headersType } = readHeaders(fields.headers);
  return {
    headers,
    headerNames: Object.keys(headers).sort(),
    headersType,
    body: fields.body,
    bodyType: fields.body === null ? 'null' : typeof fields.body,
  };
}

function readHeaders(raw: unknown): { headers: Record<string, string>; headersType: string } {
  const headers: Record<string, string> = {};
  const add = (name: unknown, value: unknown): void => {
    if (typeof name !== 'string' || name === '') return;
    const text = Array.isArray(value) ? value.map(String).join(', ') : headerText(value);
    if (text === undefined) return;
    const key = name.toLowerCase();
    headers[key] = key in headers ? `${headers[key]}, ${text}` : text;
  };
  if (raw === undefined || raw === null) return { headers, headersType: 'missing' };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { headers, headersType: Array.isArray(raw) ? 'array' : typeof raw };
  }
  const forEach = (raw as { forEach?: unknown }).forEach;
  if (typeof forEach === 'function') {
    // A fetch Headers or a Map: forEach hands (value, name).
    (forEach as (callback: (value: unknown, name: unknown) => void) => void).call(raw, (value, name) =>
      add(name, value),
    );
    return { headers, headersType: 'iterable' };
  }
  for (const [name, value] of Object.entries(raw)) add(name, value);
  return { headers, headersType: 'object' };
}

function headerText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
