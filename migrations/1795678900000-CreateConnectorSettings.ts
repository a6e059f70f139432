import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateConnectorSettings1795678900000 implements MigrationInterface {
  name = 'CreateConnectorSettings1795678900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Settings changed at run time (e.g. the webhook link ELMA365 pushes after a token refresh); the environment
    // only gives their initial values.
    await queryRunner.query(`
      CREATE TABLE connector_settings (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE connector_settings`);
  }
}
