import { type AppConfig, loadProcessConfig } from '@app/config';
import { openDiagnosticsSources, reportText, runDiagnostics } from '@app/diagnostics';

/**
 * `npm run doctor` (in the image: `node dist/apps/cli/src/doctor.js`): checks the whole chain with the connector's
 * configuration and prints one line per check, ✓ or ✗ with the fix. Exit code 0 only when every check passed.
 */
async function main(): Promise<number> {
  let config: AppConfig;
  try {
    config = loadProcessConfig();
  } catch (error) {
    process.stderr.write(`doctor: the configuration is invalid:\n${(error as Error).message}\n`);
    return 2;
  }
  const sources = openDiagnosticsSources(config);
  try {
    const report = await runDiagnostics(config, sources);
    process.stdout.write(reportText(report));
    return report.ok ? 0 : 1;
  } finally {
    await sources.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`doctor: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
