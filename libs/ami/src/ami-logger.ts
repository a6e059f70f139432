/**
 * What the client needs from a logger; Nest's `Logger` (created with a context) fits.
 * The client always passes the message only, so Nest's `error(message, stack?)` is not confused.
 */
export interface AmiLogger {
  log(message: string, context?: string): void;
  warn(message: string, context?: string): void;
  error(message: string, context?: string): void;
  debug?(message: string, context?: string): void;
}

/** Used when no logger is given: warnings and errors must stay visible. */
export function consoleAmiLogger(context = 'AmiClient'): AmiLogger {
  return {
    log: (message) => console.log(`[${context}] ${message}`),
    warn: (message) => console.warn(`[${context}] ${message}`),
    error: (message) => console.error(`[${context}] ${message}`),
  };
}
