export type AmiBackoffJitter = 'none' | 'full' | 'proportional';

export interface AmiReconnectOptions {
  /** delay before the first reconnect (default 500 ms) */
  initialDelayMs?: number;
  /** growth per failed attempt (default 2) */
  factor?: number;
  /** cap of the delay, jitter included (default 30 s) */
  maxDelayMs?: number;
  /**
   * `full`: uniform in [0, delay]; `proportional` (default): delay ± jitterRatio;
   * `none`: the exact exponential delay. Jitter keeps many connectors from hitting a
   * restarted Asterisk at the same moment.
   */
  jitter?: AmiBackoffJitter;
  /** for `proportional` (default 0.3 = ±30 %) */
  jitterRatio?: number;
}

export type ResolvedAmiReconnectOptions = Required<AmiReconnectOptions>;

export const DEFAULT_RECONNECT: ResolvedAmiReconnectOptions = {
  initialDelayMs: 500,
  factor: 2,
  maxDelayMs: 30_000,
  jitter: 'proportional',
  jitterRatio: 0.3,
};

/** Exponential backoff; `reset()` after a successful login. */
export class ReconnectBackoff {
  private failures = 0;

  constructor(
    private readonly options: ResolvedAmiReconnectOptions,
    private readonly random: () => number = Math.random,
  ) {}

  /** attempts scheduled since the last reset */
  get attempt(): number {
    return this.failures;
  }

  next(): number {
    const { initialDelayMs, factor, maxDelayMs, jitter, jitterRatio } = this.options;
    const base = Math.min(maxDelayMs, initialDelayMs * factor ** this.failures);
    this.failures += 1;
    let delay = base;
    if (jitter === 'full') delay = this.random() * base;
    else if (jitter === 'proportional') delay = base * (1 + jitterRatio * (2 * this.random() - 1));
    return Math.round(Math.min(maxDelayMs, Math.max(0, delay)));
  }

  reset(): void {
    this.failures = 0;
  }
}
