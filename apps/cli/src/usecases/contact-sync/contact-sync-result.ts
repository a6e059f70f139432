/** What happened to one phonebook entry; one JSON line each with `--json`. */
export type ContactSyncOutcome =
  | { readonly result: 'created'; readonly phone: string; readonly name: string; readonly id: string }
  | { readonly result: 'would_create'; readonly phone: string; readonly name: string }
  | { readonly result: 'exists'; readonly phone: string; readonly name: string; readonly id: string }
  | { readonly result: 'duplicate'; readonly phone: string; readonly name: string; readonly keptName: string }
  | { readonly result: 'invalid'; readonly raw: string; readonly name: string }
  | { readonly result: 'failed'; readonly phone: string; readonly name: string; readonly error: string };

export interface ContactSyncSummary {
  readonly created: number;
  readonly existing: number;
  readonly invalid: number;
  readonly failed: number;
  /** set when the sync stopped before the end (ELMA365 unavailable) */
  readonly stoppedBecause: string | null;
}

export function summaryLine(summary: ContactSyncSummary, dryRun: boolean): string {
  const created = dryRun ? `would create ${summary.created}` : `created ${summary.created}`;
  const counts = `${created}, existing ${summary.existing}, invalid ${summary.invalid}, failed ${summary.failed}`;
  return dryRun ? `${counts} (dry run: nothing changed)` : counts;
}
