import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LiveCardsLeaveTheLedger1795679100000 implements MigrationInterface {
  name = 'LiveCardsLeaveTheLedger1795679100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Live card events are kept in Redis from this version on. One still pending here would hold its call's record
    // back for good (a record waits for the call's earlier deliveries): by the time this runs its moment has passed.
    await queryRunner.query(`
      UPDATE deliveries SET status = 'skipped', last_error = 'stale: left pending by a version before live cards moved to Redis',
             updated_at = now()
       WHERE status = 'pending' AND kind = 'live'
    `);
  }

  async down(): Promise<void> {
    // Nothing to undo: the skipped cards' moment is gone either way.
  }
}
