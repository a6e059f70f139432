/** What the server needs from a logger; Nest's `Logger` fits. Messages only, never a stack argument. */
export interface FastAgiLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug?(message: string): void;
}

export const silentFastAgiLogger: FastAgiLogger = { log: () => {}, warn: () => {}, error: () => {} };
