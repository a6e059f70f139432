import { Logger } from '@nestjs/common';

/** However long closing takes (Redis gone, a query hanging), the process is gone this long after SIGTERM/SIGINT. */
export const SHUTDOWN_DEADLINE_MS = 10_000;

/**
 * Nest closes the app on the signal and exits when that is done; closing waits for queue connections that retry a
 * Redis that went away, so without a deadline a stop could hang for good (a container then needs SIGKILL). Jobs
 * in flight are not lost by exiting: BullMQ hands them to another worker when their lock runs out.
 */
export function exitWithinDeadline(appName: string, deadlineMs = SHUTDOWN_DEADLINE_MS): void {
  const arm = (signal: NodeJS.Signals) => {
    const timer = setTimeout(() => {
      new Logger(appName).error(`Still stopping ${deadlineMs / 1000} s after ${signal}: exiting now`);
      process.exit(1);
    }, deadlineMs);
    timer.unref();
  };
  process.once('SIGTERM', arm);
  process.once('SIGINT', arm);
}
