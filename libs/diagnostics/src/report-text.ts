import type { DiagnosticsReport } from './diagnostic-check';

/** One line per check, ✓ or ✗, the fix indented under a ✗; then the verdict. */
export function reportText(report: DiagnosticsReport): string {
  const lines = report.checks.flatMap((check) => {
    const scope = check.scope === null ? '' : `[${check.scope}] `;
    const line = `${check.ok ? '✓' : '✗'} ${scope}${check.title}: ${check.detail}`;
    return check.fix === null ? [line] : [line, `    fix: ${check.fix}`];
  });
  const failures = report.checks.filter((check) => !check.ok).length;
  lines.push(
    failures === 0
      ? `All ${report.checks.length} checks passed.`
      : `${failures} of ${report.checks.length} checks failed.`,
  );
  return `${lines.join('\n')}\n`;
}
