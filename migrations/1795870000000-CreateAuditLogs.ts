import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail, append-only. Two layers keep it that way:
 * - privileges: the application's role `catalog_app` (see docs/operations.md) may SELECT and INSERT audit rows,
 *   never UPDATE, DELETE or TRUNCATE them; retention runs through `purge_audit_logs`, a SECURITY DEFINER
 *   function that deletes only rows older than a day;
 * - a trigger refuses UPDATE always and DELETE outside that function, even for the table's owner.
 * The role is created here when the migrating user may create roles, and granted what the app needs on
 * every table (now and, through default privileges, later ones).
 */
export class CreateAuditLogs1795870000000 implements MigrationInterface {
  name = 'CreateAuditLogs1795870000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_logs (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        actor_id uuid,
        actor_role varchar(16),
        action varchar(64) NOT NULL,
        resource_type varchar(32) NOT NULL,
        resource_id varchar(64),
        old_values jsonb,
        new_values jsonb,
        ip inet,
        user_agent varchar(512),
        request_id varchar(128),
        outcome varchar(8) NOT NULL CHECK (outcome IN ('success', 'failure')),
        error_code varchar(64),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX audit_logs_created_idx ON audit_logs (created_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX audit_logs_actor_idx ON audit_logs (actor_id, created_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX audit_logs_resource_idx ON audit_logs (resource_type, resource_id, created_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX audit_logs_action_idx ON audit_logs (action, created_at DESC, id DESC)`);

    await queryRunner.query(`
      CREATE FUNCTION audit_logs_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('catalog.audit_purge', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_logs is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_logs_append_only BEFORE UPDATE OR DELETE ON audit_logs
      FOR EACH ROW EXECUTE FUNCTION audit_logs_refuse_change()`);
    await queryRunner.query(`
      CREATE FUNCTION purge_audit_logs(cutoff timestamptz, batch_size integer) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        deleted integer;
      BEGIN
        IF cutoff > now() - interval '1 day' THEN
          RAISE EXCEPTION 'audit rows younger than a day are never purged' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        PERFORM set_config('catalog.audit_purge', 'on', true);
        DELETE FROM audit_logs WHERE id IN (
          SELECT id FROM audit_logs WHERE created_at < cutoff ORDER BY created_at LIMIT batch_size
        );
        GET DIAGNOSTICS deleted = ROW_COUNT;
        PERFORM set_config('catalog.audit_purge', 'off', true);
        RETURN deleted;
      END $$`);
    await queryRunner.query(`REVOKE ALL ON FUNCTION purge_audit_logs(timestamptz, integer) FROM PUBLIC`);

    await queryRunner.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'catalog_app') THEN
          BEGIN
            CREATE ROLE catalog_app NOLOGIN;
          EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'catalog_app not created (no CREATEROLE): the app keeps the migrating role''s privileges';
          END;
        END IF;
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'catalog_app') THEN
          GRANT USAGE ON SCHEMA public TO catalog_app;
          GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO catalog_app;
          REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON migrations FROM catalog_app;
          REVOKE UPDATE, DELETE, TRUNCATE ON audit_logs FROM catalog_app;
          GRANT EXECUTE ON FUNCTION purge_audit_logs(timestamptz, integer) TO catalog_app;
          GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO catalog_app;
          ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO catalog_app;
          ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO catalog_app;
        END IF;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION purge_audit_logs(timestamptz, integer)`);
    await queryRunner.query(`DROP TABLE audit_logs`);
    await queryRunner.query(`DROP FUNCTION audit_logs_refuse_change()`);
  }
}
