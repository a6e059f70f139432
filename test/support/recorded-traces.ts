import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/** The recorded traces, in the repository (fixtures/README.md). */
export const TRACES_DIR = resolve(__dirname, '../../fixtures/ami-traces');

export interface TruthRecord {
  direction: string;
  from: string | null;
  to: string | null;
  answeredBy: string | null;
  disposition: string;
  waitSeconds: number | null;
  talkSeconds: number | null;
  extensions: string[];
  transfers: { kind: string; from: string | null; to: string | null }[];
  queue: string | null;
}

export interface CallTrace {
  name: string;
  ami: string;
  truth: TruthRecord[];
  expectedMd: string;
}

/** Every recorded call scenario that has a ground truth. */
export function callTraces(): CallTrace[] {
  if (!existsSync(TRACES_DIR)) throw new Error(`recorded traces not found at ${TRACES_DIR}`);
  return readdirSync(TRACES_DIR)
    .filter((f) => f.endsWith('.truth.json'))
    .sort()
    .map((f) => {
      const name = basename(f, '.truth.json');
      return {
        name,
        ami: join(TRACES_DIR, `${name}.ami`),
        truth: JSON.parse(readFileSync(join(TRACES_DIR, f), 'utf8')) as TruthRecord[],
        expectedMd: readFileSync(join(TRACES_DIR, `${name}.expected.md`), 'utf8'),
      };
    });
}

/** Linkedids the trace's summary lists ("Distinct Linkedid values: `a`, `b`" or the channel table). */
export function expectedLinkedids(expectedMd: string): string[] {
  const line = /Distinct Linkedid values: (.*)/.exec(expectedMd);
  if (line) return [...line[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  const ids = new Set<string>();
  for (const m of expectedMd.matchAll(/^\| [^|]+ \| [\d.]+ \| [\d.]+ \| ([\d.]+) \|/gm)) ids.add(m[1]);
  return [...ids];
}

/** RecordingFile values of the trace's Cdr table, where the dialplan recorded. */
export function expectedRecordingFiles(expectedMd: string): string[] {
  const files = new Set<string>();
  for (const m of expectedMd.matchAll(/\| ([^|\s]+\.(?:wav|gsm|mp3|WAV))\s*\|\s*$/gm)) files.add(m[1]);
  return [...files];
}
