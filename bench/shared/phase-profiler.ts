import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/**
 * A CPU profile of one measured phase only (`npm run bench -- --profile DIR`), without the start-up and the
 * TypeScript compiling a whole-process `node --cpu-prof` is mostly made of. Read with bench/profile-summary.ts.
 */
export type PhaseProfiler = <T>(phase: string, measure: () => Promise<T>) => Promise<T>;

export const notProfiled: PhaseProfiler = (_phase, measure) => measure();

export function profilerInto(dir: string): PhaseProfiler {
  return async (phase, measure) => {
    const session = new Session();
    session.connect();
    try {
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
      try {
        return await measure();
      } finally {
        const { profile } = await session.post('Profiler.stop');
        const file = join(dir, `${phase.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`);
        writeFileSync(file, JSON.stringify(profile));
        process.stderr.write(`  … profile of ${phase}: ${file}\n`);
      }
    } finally {
      session.disconnect();
    }
  };
}
