import type { AmiMessage } from '@app/ami';

/** Event time in ms: the `Timestamp:` header, else when the bytes were received. */
export function eventTime(event: AmiMessage, receivedAtMs: number): number {
  const ts = event.get('Timestamp');
  if (ts !== undefined) {
    const seconds = Number(ts);
    if (Number.isFinite(seconds) && seconds > 0) return Math.round(seconds * 1000);
  }
  return receivedAtMs;
}

/** HH:MM:SS (CoreShowChannel Duration) to ms */
export function durationMs(value: string | undefined): number {
  if (!value) return 0;
  const parts = value.split(':').map(Number);
  if (parts.some((p) => !Number.isFinite(p))) return 0;
  return parts.reduce((acc, p) => acc * 60 + p, 0) * 1000;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

export function intOrUndefined(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : undefined;
}
