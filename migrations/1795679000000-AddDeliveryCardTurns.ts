import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddDeliveryCardTurns1795679000000 implements MigrationInterface {
  name = 'AddDeliveryCardTurns1795679000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // card: the extension whose card a live webhook event opens, answers or closes (a card whose moment passed is
    // dropped with its closing event). attempt_started_at: a send began, so the card is committed and never dropped.
    await queryRunner.query(`ALTER TABLE deliveries ADD COLUMN card text, ADD COLUMN attempt_started_at timestamptz`);
    await queryRunner.query(`
      UPDATE deliveries SET card = payload->>'card'
       WHERE status = 'pending' AND kind = 'live' AND payload->>'kind' = 'event'
    `);
    // Only a call's earliest pending delivery has a queue job; the sweeper finds them with this.
    await queryRunner.query(
      `CREATE INDEX deliveries_pending_call_target_seq_idx ON deliveries (call_id, target, seq) WHERE status = 'pending'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX deliveries_pending_call_target_seq_idx`);
    await queryRunner.query(`ALTER TABLE deliveries DROP COLUMN attempt_started_at, DROP COLUMN card`);
  }
}
