/** Latency samples (ms) reduced to the figures the report shows. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Nearest-rank percentile of ascending `sorted` values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no samples');
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1];
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    mean: sorted.reduce((sum, v) => sum + v, 0) / sorted.length,
  };
}

/** items per second */
export function perSecond(count: number, elapsedMs: number): number {
  return (count * 1000) / elapsedMs;
}

/** 1234567.8 -> "1,234,568"; small values keep `digits` decimals */
export function formatNumber(value: number, digits = value < 100 ? 2 : 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${formatNumber(ms, ms < 10 ? 2 : 1)} ms` : `${formatNumber(ms / 1000, 1)} s`;
}
