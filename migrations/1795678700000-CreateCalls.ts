import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCalls1795678700000 implements MigrationInterface {
  name = 'CreateCalls1795678700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE calls (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pbx_id text NOT NULL,
        linkedid text NOT NULL,
        call_id text NOT NULL,
        direction text NOT NULL CONSTRAINT calls_direction_check CHECK (direction IN ('in', 'out', 'internal')),
        from_number text,
        to_number text,
        answered_by text,
        disposition text NOT NULL CONSTRAINT calls_disposition_check
          CHECK (disposition IN ('answered', 'no_answer', 'abandoned', 'busy', 'failed')),
        started_at timestamptz NOT NULL,
        answered_at timestamptz,
        ended_at timestamptz NOT NULL,
        wait_seconds numeric(12, 3),
        talk_seconds numeric(12, 3),
        extensions text[] NOT NULL DEFAULT '{}',
        transfers jsonb NOT NULL DEFAULT '[]',
        legs jsonb NOT NULL DEFAULT '[]',
        queue text,
        recording_path text,
        hangup_cause integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT calls_call_id_key UNIQUE (call_id),
        CONSTRAINT calls_pbx_id_linkedid_key UNIQUE (pbx_id, linkedid)
      )
    `);
    // Call history: newest first with keyset pagination on (started_at, id), filters by party and outcome.
    await queryRunner.query(`CREATE INDEX calls_started_at_id_idx ON calls (started_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX calls_from_number_idx ON calls (from_number)`);
    await queryRunner.query(`CREATE INDEX calls_to_number_idx ON calls (to_number)`);
    await queryRunner.query(`CREATE INDEX calls_answered_by_idx ON calls (answered_by)`);
    await queryRunner.query(`CREATE INDEX calls_extensions_idx ON calls USING GIN (extensions)`);
    await queryRunner.query(`CREATE INDEX calls_direction_idx ON calls (direction)`);
    await queryRunner.query(`CREATE INDEX calls_disposition_idx ON calls (disposition)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE calls`);
  }
}
