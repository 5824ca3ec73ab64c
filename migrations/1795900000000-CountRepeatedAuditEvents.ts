import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The identity of a repeatable event: the row's own columns (NULLs made comparable), and its window. */
const REPEAT_IDENTITY = `(coalesce(actor_id, '00000000-0000-0000-0000-000000000000'::uuid), action, resource_type, coalesce(resource_id, ''),
  outcome, coalesce(error_code, ''), repeat_until)`;

/**
 * Repeated denials as one audit row with a count, so a flood of refused calls cannot grow the trail without bound
 * (see src/audit/audit-trail.ts):
 * - `repeat_until`: set only on repeatable events (denied calls), the end of the fixed window the row counts for;
 *   NULL on every other row, which stays one row per event;
 * - `repeat_count`: how many identical events the row stands for, 1 for every row until a repeat is counted;
 * - a partial unique index on the event's identity and window, the conflict target of the app's
 *   `INSERT ... ON CONFLICT DO UPDATE SET repeat_count = repeat_count + 1`: exact across any number of instances,
 *   and every denial is counted in the database before its 403 is sent;
 * - the table stays append-only for everything else: `catalog_app` gains UPDATE on `repeat_count` alone, and the
 *   trigger lets an update through only if it adds exactly one to the count of a repeatable row whose window is
 *   still open and changes nothing else, for the owner too.
 * Building the index reads the whole table under a lock that holds audit inserts (and so audited writes) back
 * for that long.
 */
export class CountRepeatedAuditEvents1795900000000 implements MigrationInterface {
  name = 'CountRepeatedAuditEvents1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Neither column rewrites the table: a constant default and a NULL column are metadata only.
    await queryRunner.query(`ALTER TABLE audit_logs ADD COLUMN repeat_count integer NOT NULL DEFAULT 1 CHECK (repeat_count >= 1)`);
    await queryRunner.query(`ALTER TABLE audit_logs ADD COLUMN repeat_until timestamptz`);
    await queryRunner.query(`CREATE UNIQUE INDEX audit_logs_repeat_idx ON audit_logs ${REPEAT_IDENTITY} WHERE repeat_until IS NOT NULL`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_logs_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('catalog.audit_purge', true) = 'on' THEN
          RETURN OLD;
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.repeat_until IS NOT NULL AND now() < OLD.repeat_until
          AND NEW.repeat_count = OLD.repeat_count + 1
          AND to_jsonb(NEW) - 'repeat_count' = to_jsonb(OLD) - 'repeat_count' THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_logs is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'catalog_app') THEN
          GRANT UPDATE (repeat_count) ON audit_logs TO catalog_app;
        END IF;
      END $$`);
  }

  /** Back to one row per event: each counted repeat becomes a row of its own, a copy of the first, before the count goes. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'catalog_app') THEN
          REVOKE UPDATE (repeat_count) ON audit_logs FROM catalog_app;
        END IF;
      END $$`);
    await queryRunner.query(`SET LOCAL statement_timeout = 0`);
    await queryRunner.query(`
      INSERT INTO audit_logs (actor_id, actor_role, action, resource_type, resource_id, old_values, new_values, ip, user_agent, request_id, outcome, error_code, created_at)
      SELECT actor_id, actor_role, action, resource_type, resource_id, old_values, new_values, ip, user_agent, request_id, outcome, error_code, created_at
      FROM audit_logs, generate_series(2, repeat_count)
      WHERE repeat_count > 1`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_logs_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('catalog.audit_purge', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_logs is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`DROP INDEX audit_logs_repeat_idx`);
    await queryRunner.query(`ALTER TABLE audit_logs DROP COLUMN repeat_until`);
    await queryRunner.query(`ALTER TABLE audit_logs DROP COLUMN repeat_count`);
  }
}
