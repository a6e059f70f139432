/** One line of the doctor's report. The ELMA365 module's VoipTestConnection reads this shape: keep it as it is. */
export interface DiagnosticCheck {
  /** stable, e.g. `ami.login` */
  readonly id: string;
  /** what it is about (a PBX id); null for the connector as a whole */
  readonly scope: string | null;
  readonly ok: boolean;
  readonly title: string;
  /** what was found */
  readonly detail: string;
  /** what to do; null when ok */
  readonly fix: string | null;
}

export interface DiagnosticsReport {
  /** every check ok */
  readonly ok: boolean;
  /** ISO-8601 */
  readonly checkedAt: string;
  readonly checks: readonly DiagnosticCheck[];
}

interface CheckHeading {
  readonly id: string;
  readonly scope?: string | null;
  readonly title: string;
}

export function passed(heading: CheckHeading, detail: string): DiagnosticCheck {
  return { id: heading.id, scope: heading.scope ?? null, ok: true, title: heading.title, detail, fix: null };
}

export function failed(heading: CheckHeading, detail: string, fix: string): DiagnosticCheck {
  return { id: heading.id, scope: heading.scope ?? null, ok: false, title: heading.title, detail, fix };
}

export function reportOf(checks: readonly DiagnosticCheck[], checkedAt: Date): DiagnosticsReport {
  return { ok: checks.every((check) => check.ok), checkedAt: checkedAt.toISOString(), checks };
}

/** The message of anything thrown, for a check's detail. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}
