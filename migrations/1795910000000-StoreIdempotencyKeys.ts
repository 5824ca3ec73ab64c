import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key records move from Redis to the primary database, so a keyed write depends only on what the write
 * itself depends on. Records in Redis at the upgrade are not carried over: a retry within their lifetime after the
 * upgrade runs again, as it would have after a Redis restart before.
 */
export class StoreIdempotencyKeys1795910000000 implements MigrationInterface {
  name = 'StoreIdempotencyKeys1795910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        key text PRIMARY KEY,
        value text NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_keys`);
  }
}
