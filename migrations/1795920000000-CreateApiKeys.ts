import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys: credentials for integrations, so none of them signs in with a staff member's password. Only a hash of
 * each secret is stored; the app's role gets its privileges on the table through the default privileges of
 * 1795870000000-CreateAuditLogs.
 */
export class CreateApiKeys1795920000000 implements MigrationInterface {
  name = 'CreateApiKeys1795920000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // created_at keeps milliseconds, as list cursors do: a position after the last row shown skips no row of its millisecond.
    await queryRunner.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL,
        prefix varchar(16) NOT NULL,
        hash bytea NOT NULL,
        scopes text[] NOT NULL CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['catalog:read', 'changes:read']::text[]),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        expires_at timestamptz
      )`);
    // Every authenticated request with a key is one lookup of this index on the primary.
    await queryRunner.query(`CREATE UNIQUE INDEX api_keys_hash_key ON api_keys (hash)`);
    await queryRunner.query(`CREATE INDEX api_keys_created_idx ON api_keys (created_at DESC, id DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE api_keys`);
  }
}
