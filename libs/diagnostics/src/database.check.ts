import { createDataSource, describeDatabaseError } from '@app/persistence';
import { type DiagnosticCheck, failed, passed } from './diagnostic-check';

const HEADING = { id: 'database', title: 'PostgreSQL reachable, schema up to date' };

/** Connects with one pooled connection and asks TypeORM whether any of MIGRATIONS is not applied yet. */
export async function checkDatabase(url: string, timeoutMs = 5_000): Promise<DiagnosticCheck> {
  const dataSource = createDataSource(url, {
    poolSize: 1,
    connectTimeoutMs: timeoutMs,
    applicationName: 'connector-doctor',
  });
  try {
    await dataSource.initialize();
  } catch (error) {
    return failed(
      HEADING,
      describeDatabaseError(error, url, 'connect to'),
      'check DATABASE_URL (host, port, database, user, password) and that PostgreSQL is running',
    );
  }
  try {
    const pending = await dataSource.showMigrations();
    return pending
      ? failed(
          HEADING,
          'reachable, but migrations are pending',
          'run `npm run migrate` (in the image: `node dist/apps/cli/src/migrate.js`)',
        )
      : passed(HEADING, `reachable; all ${dataSource.migrations.length} migrations applied`);
  } catch (error) {
    return failed(
      HEADING,
      describeDatabaseError(error, url, 'read the migrations of'),
      "check the database user's rights",
    );
  } finally {
    await dataSource.destroy();
  }
}
