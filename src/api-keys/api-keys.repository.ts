import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { onPrimary } from '../database/on-primary';
import type { ApiKeyScope } from './api-key-scope';

/** A key as lists show it: never the secret, never its hash. */
export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
}

/** What authenticating a request needs of a key that is neither revoked nor expired. */
export interface UsableApiKey {
  id: string;
  scopes: ApiKeyScope[];
  /** No use recorded in the last minute: this request should record one. */
  useDue: boolean;
}

const COLUMNS = `id, name, prefix, scopes, created_by AS "createdBy", created_at AS "createdAt", last_used_at AS "lastUsedAt",
  revoked_at AS "revokedAt", expires_at AS "expiresAt"`;
const LAST_USE_PRECISION = `interval '1 minute'`;

@Injectable()
export class ApiKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    manager: EntityManager,
    values: { name: string; prefix: string; hash: Buffer; scopes: ApiKeyScope[]; createdBy: string; expiresAt: Date | null },
  ): Promise<ApiKeyRow> {
    const [row] = await manager.query<ApiKeyRow[]>(
      `INSERT INTO api_keys (name, prefix, hash, scopes, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [values.name, values.prefix, values.hash, values.scopes, values.createdBy, values.expiresAt],
    );
    return row;
  }

  /** On the primary, like every back-office read: staff expect to see the key they just created or revoked. */
  findById(id: string, manager?: EntityManager): Promise<ApiKeyRow | null> {
    const read = (on: EntityManager) => on.query<ApiKeyRow[]>(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1`, [id]).then((rows) => rows[0] ?? null);
    return manager ? read(manager) : onPrimary(this.dataSource, read);
  }

  /** Locks the row for the rest of the caller's transaction, so concurrent revocations record one change. */
  async lockById(manager: EntityManager, id: string): Promise<ApiKeyRow | null> {
    const rows = await manager.query<ApiKeyRow[]>(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  async list(filter: { after?: { createdAt: string; id: string }; limit: number }): Promise<ApiKeyRow[]> {
    return onPrimary(this.dataSource, (primary) =>
      primary.query<ApiKeyRow[]>(
        `SELECT ${COLUMNS} FROM api_keys
          WHERE $1::timestamptz IS NULL OR (created_at, id) < ($1::timestamptz, $2::uuid)
          ORDER BY created_at DESC, id DESC LIMIT $3`,
        [filter.after?.createdAt ?? null, filter.after?.id ?? null, filter.limit],
      ),
    );
  }

  async revoke(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [id]);
  }

  /**
   * On the primary (`DataSource.query` runs there), on every request made with a key: a revocation takes effect on
   * the next request, as a revoked session does for access tokens. Expiry is judged by the database's clock.
   */
  async findUsable(hash: Buffer): Promise<UsableApiKey | null> {
    const rows = await this.dataSource.query<UsableApiKey[]>(
      `SELECT id, scopes, (last_used_at IS NULL OR last_used_at < now() - ${LAST_USE_PRECISION}) AS "useDue"
         FROM api_keys
        WHERE hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
      [hash],
    );
    return rows[0] ?? null;
  }

  /** At most one write a minute per key, whatever the traffic and the number of instances. */
  async recordUse(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - ${LAST_USE_PRECISION})`,
      [id],
    );
  }
}
