import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { type Figure, meets, shortfall, type Target } from './benchmark';
import { formatNumber } from './stats';

/** One benchmark's last run, as kept inside the page so `--only` can refresh one section and keep the others. */
export interface StoredResult {
  readonly name: string;
  readonly order: number;
  readonly title: string;
  readonly goal: string;
  /** ISO date-time */
  readonly measuredAt: string;
  readonly machine: string;
  readonly loadAverage: readonly number[];
  readonly seconds: number;
  readonly figures: readonly Figure[];
  readonly notes: readonly string[];
  /** set when the benchmark failed: no figures then */
  readonly error?: string;
}

export interface RunInfo {
  readonly measuredAt: string;
  readonly machine: string;
  readonly services: string;
}

const DATA_MARK = '<!-- bench-results';

/** the results stored in an earlier page, by benchmark name */
export function readStoredResults(path: string): Map<string, StoredResult> {
  const results = new Map<string, StoredResult>();
  if (!existsSync(path)) return results;
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(DATA_MARK);
  if (start === -1) return results;
  const end = text.indexOf('-->', start);
  const stored = JSON.parse(text.slice(start + DATA_MARK.length, end)) as StoredResult[];
  for (const result of stored) results.set(result.name, result);
  return results;
}

export function formatFigure(value: number, unit: string): string {
  return `${formatNumber(value)} ${unit}`;
}

export function formatTarget(target: Target | undefined, unit: string): string {
  if (!target) return '—';
  const value = Number.isInteger(target.value) ? formatNumber(target.value, 0) : formatNumber(target.value);
  return `${target.op === '>=' ? '≥' : '≤'} ${value} ${unit}`;
}

export function verdict(figure: Figure): string {
  const met = meets(figure);
  if (met === undefined) return '—';
  return met ? 'yes' : `**no**: ${shortfall(figure)}`;
}

export function renderPage(run: RunInfo, results: readonly StoredResult[]): string {
  const sorted = [...results].sort((a, b) => a.order - b.order);
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (`bench/run.ts`); do not edit by hand. `npm run bench -- --only <name>` reruns one',
    'benchmark and keeps the others as they were (each section says when and where it was measured).',
    '',
    `Last run: ${run.measuredAt}, on ${run.machine}. Services: ${run.services}.`,
    '',
    '| # | Benchmark | Figure | Target | Met? |',
    '|---|---|---|---|---|',
  ];
  for (const result of sorted) {
    if (result.error) {
      const reason = cell(result.error.split('\n')[0].slice(0, 200));
      lines.push(`| ${result.order} | ${result.title} | failed: ${reason} | ${cell(result.goal)} | **no** |`);
      continue;
    }
    for (const f of result.figures) {
      const figure = formatFigure(f.value, f.unit);
      lines.push(
        `| ${result.order} | ${result.title}: ${cell(f.label)} | ${figure} | ${formatTarget(f.target, f.unit)} | ${verdict(f)} |`,
      );
    }
  }
  const missed = sorted.flatMap((r) => r.figures.filter((f) => meets(f) === false).map((f) => ({ r, f })));
  if (missed.length > 0) {
    lines.push('', '## Targets missed', '');
    for (const { r, f } of missed) {
      lines.push(`- **${r.order}. ${r.title}, ${f.label}**: ${formatFigure(f.value, f.unit)}, ${shortfall(f)}.`);
      if (f.whyMissed) lines.push(`  Why: ${f.whyMissed}${/[.!?]$/.test(f.whyMissed) ? '' : '.'}`);
    }
  }
  for (const result of sorted) lines.push('', ...renderSection(result, run.machine));
  lines.push('', `${DATA_MARK}`, JSON.stringify(sorted, null, 1).replace(/-->/g, '--\\u003e'), '-->', '');
  return lines.join('\n');
}

/** Writes the page as the repository's Prettier settings format it, so `prettier --check .` keeps passing. */
export async function writePage(path: string, run: RunInfo, results: readonly StoredResult[]): Promise<void> {
  const options = await resolveConfig(path);
  writeFileSync(path, await format(renderPage(run, results), { ...options, filepath: path }));
}

function renderSection(result: StoredResult, lastMachine: string): string[] {
  const where = result.machine === lastMachine ? '' : ` on ${result.machine}`;
  const lines = [
    `## ${result.order}. ${result.title}`,
    '',
    `Target: ${result.goal}. Measured ${result.measuredAt}${where} (load average ${result.loadAverage.join(', ')} at the start), in ${Math.round(result.seconds)} s.`,
    '',
  ];
  if (result.error) return [...lines, 'Failed:', '', '```', result.error, '```'];
  for (const note of result.notes) lines.push(`- ${note}`);
  return lines;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
