import { DataSource } from 'typeorm';
import { IdempotencyStore } from './idempotency.store';

/**
 * Claims the key unless a live record holds it, and returns the record that holds it afterwards: ours when the
 * claim won. One statement, so two requests racing on a key see one winner; an expired record is taken over.
 */
const CLAIM = `
  INSERT INTO idempotency_keys AS k (key, value, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3 / 1000.0))
  ON CONFLICT (key) DO UPDATE SET
    value = CASE WHEN k.expires_at <= now() THEN EXCLUDED.value ELSE k.value END,
    expires_at = CASE WHEN k.expires_at <= now() THEN EXCLUDED.expires_at ELSE k.expires_at END
  RETURNING value`;

const REPLACE = `
  UPDATE idempotency_keys SET value = $3, expires_at = now() + make_interval(secs => $4 / 1000.0)
   WHERE key = $1 AND value = $2 AND expires_at > now()`;

const RELEASE = `DELETE FROM idempotency_keys WHERE key = $1 AND value = $2`;

/**
 * Records in the primary database, beside the writes they protect: a keyed request depends on nothing a write
 * does not already depend on, so Redis faults never refuse it, and a record outlives a Redis restart without
 * persistence. Expired rows are removed by the housekeeping purge.
 */
export class PostgresIdempotencyStore extends IdempotencyStore {
  readonly kind = 'PostgreSQL (shared by every instance)';

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async claim(key: string, value: string, ttlMs: number): Promise<string | undefined> {
    const rows = await this.dataSource.query<Array<{ value: string }>>(CLAIM, [key, value, ttlMs]);
    return rows[0].value === value ? undefined : rows[0].value;
  }

  async replace(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    const [, updated] = await this.dataSource.query<[unknown[], number]>(REPLACE, [key, expected, value, ttlMs]);
    return updated === 1;
  }

  async release(key: string, expected: string): Promise<void> {
    await this.dataSource.query(RELEASE, [key, expected]);
  }
}
