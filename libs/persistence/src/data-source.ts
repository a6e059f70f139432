import { DataSource } from 'typeorm';
import { CallEntity } from './call.entity';
import { ConnectorSettingEntity } from './connector-setting.entity';
import { DeliveryEntity } from './delivery.entity';
import { MIGRATIONS } from './migrations';

export const PERSISTENCE_ENTITIES = [CallEntity, DeliveryEntity, ConnectorSettingEntity];

export interface DataSourceOptions {
  /** Connections in the pool (pg default: 10). */
  readonly poolSize?: number;
  /** Give up connecting after this long; an unreachable host otherwise hangs for the OS TCP timeout. */
  readonly connectTimeoutMs?: number;
  /** Shown in pg_stat_activity. */
  readonly applicationName?: string;
  /** Log every SQL statement (debugging). */
  readonly logging?: boolean;
}

/**
 * A PostgreSQL DataSource for `url` (e.g. AppConfig.database.url), not yet initialized.
 * The schema is the migrations' alone: no synchronize, and migrations run only through runMigrations.
 */
export function createDataSource(url: string, options: DataSourceOptions = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: PERSISTENCE_ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: options.logging ?? false,
    poolSize: options.poolSize,
    connectTimeoutMS: options.connectTimeoutMs ?? 10_000,
    applicationName: options.applicationName ?? 'asterisk-elma365-connector',
  });
}
