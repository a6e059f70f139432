import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDeliveries1795678800000 implements MigrationInterface {
  name = 'CreateDeliveries1795678800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // No foreign key to calls: live events are delivered while the call is still going, before its row exists.
    await queryRunner.query(`
      CREATE TABLE deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        call_id text NOT NULL,
        target text NOT NULL,
        kind text NOT NULL CONSTRAINT deliveries_kind_check CHECK (kind IN ('live', 'record')),
        event_key text NOT NULL,
        seq integer NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CONSTRAINT deliveries_status_check
          CHECK (status IN ('pending', 'delivered', 'skipped', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        last_status_code integer,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT deliveries_event_key_target_key UNIQUE (event_key, target)
      )
    `);
    await queryRunner.query(`CREATE INDEX deliveries_call_id_target_seq_idx ON deliveries (call_id, target, seq)`);
    await queryRunner.query(`CREATE INDEX deliveries_status_idx ON deliveries (status)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE deliveries`);
  }
}
