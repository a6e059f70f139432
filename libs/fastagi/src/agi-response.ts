/** `200 result=1 (data)`; `code` 510/511/520 are Asterisk's refusals. */
export interface AgiResponse {
  readonly code: number;
  readonly result: string | null;
  readonly data: string | null;
  readonly line: string;
}

const RESPONSE = /^(\d{3})(?:\s+result=(\S*)(?:\s+\((.*)\))?)?/;

/** undefined for lines that are not a final response (the `520-` usage text before `520 End of ...`). */
export function parseAgiResponse(line: string): AgiResponse | undefined {
  if (/^\d{3}-/.test(line)) return undefined;
  const match = RESPONSE.exec(line);
  if (!match) return undefined;
  return { code: Number(match[1]), result: match[2] ?? null, data: match[3] ?? null, line };
}
