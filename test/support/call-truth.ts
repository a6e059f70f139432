import { CallRecord } from '@app/calls';
import { TruthRecord } from './recorded-traces';

const TIME_TOLERANCE_S = 1.5;

/** Differences between one record and its ground truth; empty when they agree. */
export function differences(actual: CallRecord, truth: TruthRecord): string[] {
  const diffs: string[] = [];
  const exact: (keyof TruthRecord)[] = ['direction', 'from', 'to', 'answeredBy', 'disposition', 'queue'];
  for (const key of exact) {
    if (actual[key] !== truth[key]) diffs.push(`${key}: ${json(actual[key])} != ${json(truth[key])}`);
  }
  for (const key of ['waitSeconds', 'talkSeconds'] as const) {
    const a = actual[key];
    const t = truth[key];
    const ok = a === null || t === null ? a === t : Math.abs(a - t) <= TIME_TOLERANCE_S;
    if (!ok) diffs.push(`${key}: ${json(a)} != ${json(t)} (±${TIME_TOLERANCE_S}s)`);
  }
  if (json([...actual.extensions].sort()) !== json([...truth.extensions].sort())) {
    diffs.push(`extensions: ${json(actual.extensions)} != ${json(truth.extensions)}`);
  }
  const transfers = actual.transfers.map(({ kind, from, to }) => ({ kind, from, to }));
  if (json(transfers) !== json(truth.transfers))
    diffs.push(`transfers: ${json(transfers)} != ${json(truth.transfers)}`);
  return diffs;
}

/**
 * Pairs each truth record with the first unused actual record that agrees with it. Returns a
 * readable report of what did not pair, or an empty list.
 */
export function compareWithTruth(actual: CallRecord[], truth: TruthRecord[]): string[] {
  const problems: string[] = [];
  if (actual.length !== truth.length) problems.push(`expected ${truth.length} calls, got ${actual.length}`);
  const unused = [...actual];
  truth.forEach((t, i) => {
    const at = unused.findIndex((a) => differences(a, t).length === 0);
    if (at >= 0) {
      unused.splice(at, 1);
      return;
    }
    const closest = unused.find((a) => a.from === t.from) ?? unused[0];
    problems.push(
      closest
        ? `truth #${i} (${t.from} -> ${t.to}): ${differences(closest, t).join('; ')}`
        : `truth #${i} (${t.from} -> ${t.to}): no call left to compare`,
    );
  });
  return problems;
}

function json(value: unknown): string {
  return JSON.stringify(value);
}
