import type { PhaseProfiler } from './phase-profiler';

/** `>=` for a throughput, `<=` for a latency or a size. */
export interface Target {
  readonly op: '>=' | '<=';
  readonly value: number;
}

/** One measured figure: a line on the console and a row of the report's table. */
export interface Figure {
  readonly label: string;
  readonly value: number;
  /** e.g. `events/s`, `ms`, `MB` */
  readonly unit: string;
  /** none: the figure is shown for comparison only */
  readonly target?: Target;
  /** what limits this figure, shown on the page when the target is missed */
  readonly whyMissed?: string;
}

export interface BenchOutcome {
  readonly figures: readonly Figure[];
  /** how it was measured, printed under the benchmark's section */
  readonly notes: readonly string[];
}

/** Where the benchmarks keep their data; never a developer's own database 0 or `connector` database. */
export interface BenchContext {
  readonly root: string;
  /** the bench database (the 1 M-row history schema and a scratch schema are made in it) */
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** a progress line on stderr */
  readonly progress: (line: string) => void;
  /** wraps a measured phase: with `--profile DIR`, a CPU profile of just that phase */
  readonly profile: PhaseProfiler;
}

export interface Benchmark {
  /** for `--only` */
  readonly name: string;
  readonly title: string;
  /** the target, in words */
  readonly goal: string;
  run(context: BenchContext): Promise<BenchOutcome>;
}

export function meets(figure: Figure): boolean | undefined {
  if (!figure.target) return undefined;
  return figure.target.op === '>=' ? figure.value >= figure.target.value : figure.value <= figure.target.value;
}

/** "37 % below the target", "4 % over the target" or "12x the target", for a missed target */
export function shortfall(figure: Figure): string {
  const target = figure.target;
  if (!target) return '';
  if (target.op === '>=') return `${Math.round((1 - figure.value / target.value) * 100)} % below the target`;
  const ratio = figure.value / target.value;
  if (ratio < 2) return `${Math.max(Math.round((ratio - 1) * 100), 1)} % over the target`;
  return `${ratio < 10 ? ratio.toFixed(1) : Math.round(ratio).toLocaleString('en-US')}x the target`;
}
