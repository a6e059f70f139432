import type { Pool } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

export interface PlainResult<T> {
  readonly rows: T[];
  /** rows a write changed (or a SELECT returned) */
  readonly rowCount: number;
}

/** Plain SQL with positional parameters; errors are the driver's own (isDatabaseUnavailable reads them). */
export type PlainQuery = <T>(sql: string, params?: readonly unknown[]) => Promise<PlainResult<T>>;

/**
 * Plain SQL straight on the data source's pg pool, for the statements on every delivery's and every call's path:
 * TypeORM's query runner (acquire, broadcast, log, release) cost about as much CPU per statement as the statement.
 * Inside a transaction (an EntityManager someone holds) the SQL goes through that transaction's runner instead.
 */
export function plainQueryOf(source: DataSource | EntityManager): PlainQuery {
  if (source instanceof DataSource) {
    return async <T>(sql: string, params: readonly unknown[] = []) => {
      // The pool exists once the data source is initialized: looked up per call, not at construction.
      const pool = (source.driver as PostgresDriver).master as Pool;
      const result = await pool.query(sql, params as unknown[]);
      return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
    };
  }
  return async <T>(sql: string, params: readonly unknown[] = []) => {
    const runner = source.queryRunner ?? source.connection.createQueryRunner();
    try {
      const result = await runner.query(sql, params as unknown[], true);
      return { rows: result.records as T[], rowCount: result.affected ?? result.records.length };
    } finally {
      if (runner !== source.queryRunner) await runner.release();
    }
  };
}
