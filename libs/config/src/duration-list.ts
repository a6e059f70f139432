const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `5s,5m,30m,2h` -> [5000, 300000, 1800000, 7200000]; undefined when any item is not a duration. */
export function parseDurationList(value: string): number[] | undefined {
  const items = value.split(',').map((item) => item.trim());
  const out: number[] = [];
  for (const item of items) {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(item);
    if (!match) return undefined;
    out.push(Math.round(Number(match[1]) * UNIT_MS[match[2]]));
  }
  return out.length > 0 ? out : undefined;
}
