// The connector's self-check (`GET /api/v1/diagnostics`, the same checks as `npm run doctor`), told in Russian.

export interface DiagnosticsCheck {
  id: string;
  /** e.g. the PBX id the check is about; null for the whole connector */
  scope: string | null;
  ok: boolean;
  title: string;
  detail: string;
  fix: string | null;
}

export interface DiagnosticsReport {
  ok: boolean;
  checkedAt: string;
  checks: DiagnosticsCheck[];
}

/** ELMA365 shows failReason in a small dialog: longer text is cut. */
export const FAIL_REASON_MAX_LENGTH = 1500;

export function readDiagnostics(body: unknown): DiagnosticsReport | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { ok, checkedAt, checks } = body as Record<string, unknown>;
  if (typeof ok !== 'boolean' || !Array.isArray(checks)) return undefined;
  return {
    ok,
    checkedAt: typeof checkedAt === 'string' ? checkedAt : '',
    checks: checks.flatMap((check: unknown): DiagnosticsCheck[] => {
      const read = readCheck(check);
      return read === undefined ? [] : [read];
    }),
  };
}

/** "Самопроверка коннектора: 2 из 9 проверок не пройдены: <title>: <detail> — <fix>; …" */
export function describeFailedChecks(report: DiagnosticsReport): string {
  const failed = report.checks.filter((check) => !check.ok);
  if (failed.length === 0) return 'Самопроверка коннектора не пройдена (коннектор не назвал проверку)';
  const lines = failed.map((check) => {
    const scope = check.scope === null || check.scope === '' ? '' : ` [${check.scope}]`;
    const fix = check.fix === null || check.fix === '' ? '' : ` — ${check.fix}`;
    return `${check.title}${scope}: ${check.detail}${fix}`;
  });
  return `Самопроверка коннектора: ${failed.length} из ${report.checks.length} проверок не пройдены: ${lines.join('; ')}`;
}

export function capFailReason(text: string): string {
  return text.length <= FAIL_REASON_MAX_LENGTH ? text : `${text.slice(0, FAIL_REASON_MAX_LENGTH - 1)}…`;
}

function readCheck(value: unknown): DiagnosticsCheck | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { id, scope, ok, title, detail, fix } = value as Record<string, unknown>;
  if (typeof id !== 'string' || typeof ok !== 'boolean') return undefined;
  return {
    id,
    scope: typeof scope === 'string' ? scope : null,
    ok,
    title: typeof title === 'string' && title !== '' ? title : id,
    detail: typeof detail === 'string' ? detail : '',
    fix: typeof fix === 'string' ? fix : null,
  };
}
