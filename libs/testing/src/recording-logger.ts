import { AmiLogger } from '@app/ami';

export type LogLevel = 'log' | 'warn' | 'error' | 'debug';

export interface RecordingLogger extends Required<AmiLogger> {
  readonly entries: { level: LogLevel; message: string }[];
  /** messages of one level */
  messages(level: LogLevel): string[];
  /** everything logged, one entry per line, for "never logs X" assertions */
  text(): string;
}

/** A logger that keeps every line (debug included) for assertions. */
export function recordingLogger(): RecordingLogger {
  const entries: { level: LogLevel; message: string }[] = [];
  const at = (level: LogLevel) => (message: string) => {
    entries.push({ level, message });
  };
  return {
    entries,
    log: at('log'),
    warn: at('warn'),
    error: at('error'),
    debug: at('debug'),
    messages: (level) => entries.filter((e) => e.level === level).map((e) => e.message),
    text: () => entries.map((e) => `${e.level}: ${e.message}`).join('\n'),
  };
}
