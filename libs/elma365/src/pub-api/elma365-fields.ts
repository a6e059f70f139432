/*
 * Readers for ELMA365 field values as `/pub/v1` returns them; anything unexpected reads as empty, because a
 * contact edited by hand must not break routing.
 */

/** Phone field: `[{"type":"work","tel":"+79161234567"}]` (a bare string is tolerated). */
export function phoneNumbersOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    if (typeof entry === 'string') return [entry];
    const tel = isRecord(entry) ? entry['tel'] : undefined;
    return typeof tel === 'string' ? [tel] : [];
  });
}

/** User field: an array of user ids (a single id is tolerated). */
export function userIdsOf(value: unknown): string[] {
  if (typeof value === 'string' && value !== '') return [value];
  if (!Array.isArray(value)) return [];
  return value.filter((id: unknown): id is string => typeof id === 'string' && id !== '');
}

/** String, or a category value `{code, name}` / `[{code, name}]`: the code, lower-cased. */
export function choiceCodeOf(value: unknown): string | null {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first.trim().toLowerCase() || null;
  const code = isRecord(first) ? first['code'] : undefined;
  return typeof code === 'string' ? code.trim().toLowerCase() || null : null;
}

export function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  return null;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
