import type { LogFormat } from '@app/config';
import type { DestinationStream } from 'pino';
import { build as prettyStream } from 'pino-pretty';

type LogLine = Record<string, unknown>;

/** Whether logs go out as readable lines: forced by LOG_FORMAT, else when stdout is a terminal (a person reads it). */
export function usesPrettyLogs(format: LogFormat, stdoutIsTerminal: boolean): boolean {
  return format === 'pretty' || (format === 'auto' && stdoutIsTerminal);
}

/** `GET /api/v1/calls 200 4 ms` for a request line, `[Context] message` for the rest. */
function lineOf(log: LogLine, messageKey: string): string {
  const req = log.req as { method?: string; url?: string } | undefined;
  const res = log.res as { statusCode?: number } | undefined;
  if (req && res)
    return `${req.method ?? ''} ${req.url ?? ''} ${res.statusCode ?? ''} ${String(log.responseTime ?? '?')} ms`;
  const context = typeof log.context === 'string' ? `[${log.context}] ` : '';
  return `${context}${String(log[messageKey] ?? '')}`;
}

/**
 * pino's lines made readable (time, level, context, message; a request as one short line), written to `destination`
 * (stdout by default). pino redacts before a line reaches this stream: pretty and JSON hide the same secrets.
 */
export function prettyLogStream(
  options: { destination?: NodeJS.WritableStream | number; colorize?: boolean } = {},
): DestinationStream {
  return prettyStream({
    destination: options.destination ?? 1,
    colorize: options.colorize ?? true,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,context,req,res,responseTime',
    messageFormat: (log: LogLine, messageKey: string) => lineOf(log, messageKey),
    singleLine: true,
  });
}
