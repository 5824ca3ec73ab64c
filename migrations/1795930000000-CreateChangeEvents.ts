import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox and change feed: one row per announced change, written in the transaction of the change.
 * `change_event_sequence` hands out positions: the writer updates its single row last thing before committing, so
 * the row lock orders the commits of every transaction that announces a change, and a position is taken only by a
 * transaction that commits (a rollback undoes the increment). Committed positions are therefore gap-free and in
 * commit order, which a consumer resuming after position N relies on.
 */
export class CreateChangeEvents1795930000000 implements MigrationInterface {
  name = 'CreateChangeEvents1795930000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE change_event_sequence (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        last_position bigint NOT NULL DEFAULT 0,
        purged_through bigint NOT NULL DEFAULT 0
      )`);
    await queryRunner.query(`INSERT INTO change_event_sequence DEFAULT VALUES`);
    await queryRunner.query(`
      CREATE TABLE change_events (
        position bigint PRIMARY KEY,
        id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
        type text NOT NULL,
        resource_type text NOT NULL,
        resource_id uuid NOT NULL,
        resource_version integer,
        actor_id uuid,
        actor_role text,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        data jsonb NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX change_events_occurred_idx ON change_events (occurred_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE change_events`);
    await queryRunner.query(`DROP TABLE change_event_sequence`);
  }
}
