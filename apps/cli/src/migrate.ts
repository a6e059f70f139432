import { loadProcessConfig } from '@app/config';
import { createDataSource, describeDatabaseError, runMigrations } from '@app/persistence';

/** `npm run migrate`: applies the pending migrations to DATABASE_URL. Reports on stderr; exit 0 on success, 1 on any failure. */
async function main(): Promise<number> {
  let url: string;
  try {
    url = loadProcessConfig().database.url;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
  const dataSource = createDataSource(url, { poolSize: 1, applicationName: 'connector-migrate' });
  try {
    await dataSource.initialize();
  } catch (error) {
    process.stderr.write(`migrate: ${describeDatabaseError(error, url, 'connect to')}\n`);
    return 1;
  }
  try {
    const ran = await runMigrations(dataSource);
    process.stderr.write(
      ran.length === 0
        ? 'migrate: no pending migrations, the schema is up to date\n'
        : `migrate: applied ${ran.length} migration(s):\n${ran.map((name) => `  ${name}\n`).join('')}`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`migrate: ${describeDatabaseError(error, url, 'migrate')}\n`);
    return 1;
  } finally {
    await dataSource.destroy();
  }
}

void main().then((code) => {
  process.exitCode = code;
});
