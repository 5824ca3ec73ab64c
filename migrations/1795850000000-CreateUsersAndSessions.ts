import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsersAndSessions1795850000000 implements MigrationInterface {
  name = 'CreateUsersAndSessions1795850000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE user_role AS ENUM ('customer', 'admin', 'superadmin')`);
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL CHECK (email = lower(email)),
        password_hash text NOT NULL,
        role user_role NOT NULL DEFAULT 'customer',
        name varchar(100),
        last_login_at timestamptz,
        failed_login_count integer NOT NULL DEFAULT 0 CHECK (failed_login_count >= 0),
        locked_until timestamptz,
        token_version integer NOT NULL DEFAULT 0,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Emails are stored lower-cased (CHECK above); the unique index makes the rule hold under races.
    await queryRunner.query(`CREATE UNIQUE INDEX users_email_key ON users (email)`);
    await queryRunner.query(`CREATE INDEX users_email_prefix_idx ON users (email text_pattern_ops)`);
    await queryRunner.query(`CREATE INDEX users_created_idx ON users (created_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX users_role_created_idx ON users (role, created_at DESC, id DESC)`);

    // A session is one login: its refresh tokens form a family that is revoked as a whole.
    await queryRunner.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        user_agent varchar(512),
        ip inet,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason varchar(32)
      )`);
    await queryRunner.query(`CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        parent_id uuid REFERENCES refresh_tokens (id) ON DELETE SET NULL,
        token_hash char(64) NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX refresh_tokens_hash_key ON refresh_tokens (token_hash)`);
    await queryRunner.query(`CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id)`);
    await queryRunner.query(`CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE refresh_tokens`);
    await queryRunner.query(`DROP TABLE sessions`);
    await queryRunner.query(`DROP TABLE users`);
    await queryRunner.query(`DROP TYPE user_role`);
  }
}
