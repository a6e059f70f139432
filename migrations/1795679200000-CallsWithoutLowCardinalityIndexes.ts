import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Direction (3 values) and disposition (5) are too coarse for an index to pick rows: the history's queries filter
 * them along the time index (docs/benchmarks.md, history queries), while every stored call paid for both indexes.
 */
export class CallsWithoutLowCardinalityIndexes1795679200000 implements MigrationInterface {
  name = 'CallsWithoutLowCardinalityIndexes1795679200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS calls_direction_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS calls_disposition_idx`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS calls_direction_idx ON calls (direction)`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS calls_disposition_idx ON calls (disposition)`);
  }
}
