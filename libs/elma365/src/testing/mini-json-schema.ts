/**
 * The subset of JSON Schema that WEBHOOK_PAYLOAD_V1_SCHEMA uses, enough to keep the schema and the TS types
 * from drifting apart without a validator dependency. Returns the failing paths.
 */
export function schemaErrors(schema: unknown, value: unknown, path = '$'): string[] {
  const s = schema as Record<string, unknown>;
  const errors: string[] = [];
  if (Array.isArray(s.oneOf)) {
    const matching = s.oneOf.filter((option) => schemaErrors(option, value, path).length === 0).length;
    if (matching !== 1) errors.push(`${path}: matches ${matching} of oneOf`);
  }
  if ('const' in s && value !== s.const) errors.push(`${path}: not ${JSON.stringify(s.const)}`);
  if (Array.isArray(s.enum) && !s.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => hasType(value, t))) errors.push(`${path}: not ${types.join('|')}`);
  }
  if (typeof value === 'number' && typeof s.minimum === 'number' && value < s.minimum) {
    errors.push(`${path}: below ${s.minimum}`);
  }
  if (typeof value === 'string' && typeof s.minLength === 'number' && value.length < s.minLength) {
    errors.push(`${path}: shorter than ${s.minLength}`);
  }
  if (Array.isArray(value) && s.items !== undefined) {
    value.forEach((item, i) => errors.push(...schemaErrors(s.items, item, `${path}[${i}]`)));
  }
  if (isObject(value)) {
    const properties = (s.properties ?? {}) as Record<string, unknown>;
    for (const key of (s.required ?? []) as string[]) if (!(key in value)) errors.push(`${path}.${key}: missing`);
    for (const [key, item] of Object.entries(value)) {
      if (key in properties) errors.push(...schemaErrors(properties[key], item, `${path}.${key}`));
      else if (s.additionalProperties === false) errors.push(`${path}.${key}: not allowed`);
    }
  }
  return errors;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'integer':
      return Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      return typeof value === type;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
