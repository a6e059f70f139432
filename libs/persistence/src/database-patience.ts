import { isDatabaseUnavailable } from './database-error';

export interface DatabasePatience {
  /** wait between tries */
  readonly retryMs: number;
  /** give up (rethrow) after this long */
  readonly patienceMs: number;
  /** also give up when this says so (e.g. the worker is closing) */
  readonly stop?: () => boolean;
  /** called once, at the first failure */
  readonly onWait?: (error: unknown) => void;
}

/**
 * Runs `task` again while it fails only because the database cannot be reached. Queue workers wait in place like
 * this rather than failing the job: a retry with backoff would let later work overtake it (a live card then arrives
 * after its call's record), and a delivery ELMA365 already accepted would be sent again.
 */
export async function retryWhileDatabaseUnavailable<T>(task: () => Promise<T>, patience: DatabasePatience): Promise<T> {
  const giveUpAt = Date.now() + patience.patienceMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() >= giveUpAt || patience.stop?.()) throw error;
      if (attempt === 0) patience.onWait?.(error);
      await new Promise((resolve) => setTimeout(resolve, patience.retryMs));
    }
  }
}
