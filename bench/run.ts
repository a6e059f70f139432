/**
 * `npm run bench`: runs every benchmark (or those named with `--only`), prints one line per figure and writes
 * docs/benchmarks.md. Timings are for this machine only; nothing here belongs in the jest suites.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import IORedis from 'ioredis';
import { redisConnection } from '@app/queue';
import { amiParserBenchmark } from './ami-parser.bench';
import { callUpsertBenchmark } from './call-upsert.bench';
import { cardsInTimeBenchmark } from './cards-in-time.bench';
import { deliveryThroughputBenchmark } from './delivery-throughput.bench';
import { historyQueryBenchmark } from './history-query.bench';
import { ingestMemoryBenchmark } from './ingest-memory.bench';
import { ingestPipelineBenchmark } from './ingest-pipeline.bench';
import { screenPopBenchmark } from './screen-pop.bench';
import { type BenchContext, type Benchmark, meets } from './shared/benchmark';
import { describeMachine, machineInfo } from './shared/machine';
import { notProfiled, profilerInto } from './shared/phase-profiler';
import { serverVersion } from './shared/postgres';
import { formatFigure, formatTarget, readStoredResults, type StoredResult, writePage } from './shared/report';

const BENCHMARKS: readonly Benchmark[] = [
  amiParserBenchmark,
  ingestPipelineBenchmark,
  screenPopBenchmark,
  deliveryThroughputBenchmark,
  callUpsertBenchmark,
  historyQueryBenchmark,
  ingestMemoryBenchmark,
  cardsInTimeBenchmark,
];

const ROOT = resolve(__dirname, '..');
const PAGE = resolve(ROOT, 'docs/benchmarks.md');
const USAGE = `usage: npm run bench -- [--only <name>[,<name>...]] [--no-write] [--database-url URL] [--redis-url URL]
  names: ${BENCHMARKS.map((b) => b.name).join(', ')}
  --database-url  the bench database (default postgres://connector:connector@127.0.0.1:5432/connector_bench)
  --redis-url     the bench Redis database (default redis://127.0.0.1:6379/6)
  --no-write      print the figures, leave docs/benchmarks.md as it is
  --profile DIR   write a CPU profile of each measured phase into DIR (read with bench/profile-summary.ts)`;

class HelpRequested extends Error {}

interface Options {
  only: Set<string> | null;
  write: boolean;
  databaseUrl: string;
  redisUrl: string;
  profileDir: string | null;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    only: null,
    write: true,
    databaseUrl: 'postgres://connector:connector@127.0.0.1:5432/connector_bench',
    redisUrl: 'redis://127.0.0.1:6379/6',
    profileDir: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--help' || arg === '-h') throw new HelpRequested();
    else if (arg === '--only') options.only = new Set([...(options.only ?? []), ...value().split(',')]);
    else if (arg === '--no-write') options.write = false;
    else if (arg === '--database-url') options.databaseUrl = value();
    else if (arg === '--redis-url') options.redisUrl = value();
    else if (arg === '--profile') options.profileDir = resolve(value());
    else throw new Error(`unknown argument ${arg}`);
  }
  const unknown = [...(options.only ?? [])].filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}`);
  if (Number(new URL(options.redisUrl).pathname.slice(1) || '0') === 0) {
    throw new Error('--redis-url must name a Redis database other than 0 (the benchmarks empty their queues there)');
  }
  return options;
}

async function redisVersion(url: string): Promise<string> {
  const redis = new IORedis({ ...redisConnection(url), lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const version = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '?';
    return `Redis ${version}`;
  } finally {
    redis.disconnect();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (error instanceof HelpRequested) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const progress = (line: string) => process.stderr.write(`  … ${line}\n`);
  if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });
  const context: BenchContext = {
    root: ROOT,
    databaseUrl: options.databaseUrl,
    redisUrl: options.redisUrl,
    progress,
    profile: options.profileDir ? profilerInto(options.profileDir) : notProfiled,
  };
  let services: string;
  try {
    services = `${await serverVersion(options.databaseUrl)}, ${await redisVersion(options.redisUrl)}`;
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message} (are Redis and PostgreSQL up? npm run services)\n`);
    return 1;
  }
  const machine = describeMachine(machineInfo());
  const measuredAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  process.stdout.write(`Benchmarks on ${machine}; ${services}; ${measuredAt}\n`);

  const stored = readStoredResults(PAGE);
  let failed = 0;
  for (const [index, benchmark] of BENCHMARKS.entries()) {
    if (options.only && !options.only.has(benchmark.name)) continue;
    const started = performance.now();
    const base = {
      name: benchmark.name,
      order: index + 1,
      title: benchmark.title,
      goal: benchmark.goal,
      measuredAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      machine,
      loadAverage: machineInfo().loadAverage,
    };
    process.stdout.write(`${index + 1}. ${benchmark.title} (${benchmark.name}), target ${benchmark.goal}\n`);
    let result: StoredResult;
    try {
      const outcome = await benchmark.run(context);
      result = { ...base, seconds: (performance.now() - started) / 1000, ...outcome };
      for (const f of outcome.figures) {
        const met = meets(f);
        const mark = met === undefined ? '' : met ? '  met' : '  MISSED';
        const target = f.target ? `  (target ${formatTarget(f.target, f.unit)})` : '';
        process.stdout.write(`   ${f.label}: ${formatFigure(f.value, f.unit)}${target}${mark}\n`);
        if (met === false && f.whyMissed) process.stdout.write(`     why: ${f.whyMissed}\n`);
      }
    } catch (error) {
      failed++;
      const message = error instanceof Error ? error.message : String(error);
      process.stdout.write(`   FAILED: ${message}\n`);
      result = { ...base, seconds: (performance.now() - started) / 1000, figures: [], notes: [], error: message };
    }
    stored.set(benchmark.name, result);
  }
  if (options.write) {
    await writePage(PAGE, { measuredAt, machine, services }, [...stored.values()]);
    process.stdout.write(`Written: docs/benchmarks.md\n`);
  }
  return failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`bench: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
