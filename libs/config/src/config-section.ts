import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { ConfigIssue } from './config.exception';

export type Environment = Readonly<Record<string, string | undefined>>;

/** A section's configuration, or (value undefined) the issues that refused it; null values mean "off". */
export interface SectionResult<T> {
  readonly value?: T;
  readonly issues: readonly ConfigIssue[];
}

/**
 * One section's variables read through its DTO: values trimmed, an empty value counted as unset (compose files
 * often carry `VAR=`), defaults filled in, and every problem as a ConfigIssue. Only the DTO's variables are read.
 */
export function readSection<T extends object>(
  dto: new () => T,
  env: Environment,
): { values: T; issues: ConfigIssue[] } {
  const values = plainToInstance(dto, withoutBlankValues(env), {
    excludeExtraneousValues: true,
    exposeDefaultValues: true,
  });
  return { values, issues: validateSync(values, { stopAtFirstError: true }).map(toIssue) };
}

function withoutBlankValues(env: Environment): Record<string, string> {
  const entries = Object.entries(env).flatMap(([name, value]) => {
    const trimmed = value?.trim();
    return trimmed ? [[name, trimmed] as const] : [];
  });
  return Object.fromEntries(entries);
}

function toIssue(error: ValidationError): ConfigIssue {
  const problems = Object.values(error.constraints ?? {}).join('; ');
  return { variable: error.property, message: `${error.property}: ${problems}` };
}
