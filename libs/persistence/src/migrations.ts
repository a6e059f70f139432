import type { DataSource } from 'typeorm';
import { CreateCalls1795678700000 } from '../../../migrations/1795678700000-CreateCalls';
import { CreateDeliveries1795678800000 } from '../../../migrations/1795678800000-CreateDeliveries';
import { CreateConnectorSettings1795678900000 } from '../../../migrations/1795678900000-CreateConnectorSettings';
import { AddDeliveryCardTurns1795679000000 } from '../../../migrations/1795679000000-AddDeliveryCardTurns';
import { LiveCardsLeaveTheLedger1795679100000 } from '../../../migrations/1795679100000-LiveCardsLeaveTheLedger';
import { CallsWithoutLowCardinalityIndexes1795679200000 } from '../../../migrations/1795679200000-CallsWithoutLowCardinalityIndexes';

/** Listed, not globbed: the same list works from the .ts sources (tsx, jest) and from the compiled dist. */
export const MIGRATIONS = [
  CreateCalls1795678700000,
  CreateDeliveries1795678800000,
  CreateConnectorSettings1795678900000,
  AddDeliveryCardTurns1795679000000,
  LiveCardsLeaveTheLedger1795679100000,
  CallsWithoutLowCardinalityIndexes1795679200000,
];

/**
 * Applies the pending migrations, each in its own transaction, and returns the names of those that ran.
 * The only way the schema changes: never on import or app start. The data source must be initialized.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const ran = await dataSource.runMigrations({ transaction: 'each' });
  return ran.map((migration) => migration.name);
}
