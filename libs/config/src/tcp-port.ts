const DIGITS = /^\d{1,5}$/;

/** A TCP port written in decimal, 1-65535; undefined for anything else (0x50, 1e3, 80.0, 0). */
export function parseTcpPort(text: string): number | undefined {
  if (!DIGITS.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}
