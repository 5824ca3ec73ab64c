import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the housekeeping purge needs. Without `refresh_tokens (parent_id)`, the foreign key's
 * `ON DELETE SET NULL` scans the whole table for every token deleted; the sessions indexes find expired and
 * revoked sessions without a scan.
 */
export class IndexSessionsForHousekeeping1795880000000 implements MigrationInterface {
  name = 'IndexSessionsForHousekeeping1795880000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX refresh_tokens_parent_idx ON refresh_tokens (parent_id) WHERE parent_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX sessions_expires_idx ON sessions (expires_at)`);
    await queryRunner.query(`CREATE INDEX sessions_revoked_idx ON sessions (revoked_at) WHERE revoked_at IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX sessions_revoked_idx`);
    await queryRunner.query(`DROP INDEX sessions_expires_idx`);
    await queryRunner.query(`DROP INDEX refresh_tokens_parent_idx`);
  }
}
