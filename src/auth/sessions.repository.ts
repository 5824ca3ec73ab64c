import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export type RevocationReason = 'logout' | 'logout_all' | 'reuse_detected' | 'password_changed' | 'disabled';

export interface RotatedToken {
  id: string;
  sessionId: string;
  userId: string;
  /** The session's own end: a token issued in it never outlives it. */
  sessionExpiresAt: Date;
}

export type SpentTokenLookup = { state: 'unknown' } | { state: 'reused' | 'revoked' | 'expired'; sessionId: string; userId: string };

/** Sessions (one per login) and their refresh-token families. Every statement runs on the primary. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async createSession(manager: EntityManager, values: { userId: string; userAgent?: string; ip?: string; expiresAt: Date }): Promise<string> {
    const rows = await manager.query<Array<{ id: string }>>(`INSERT INTO sessions (user_id, user_agent, ip, expires_at) VALUES ($1, $2, $3, $4) RETURNING id`, [
      values.userId,
      values.userAgent?.slice(0, 512) ?? null,
      values.ip ?? null,
      values.expiresAt,
    ]);
    return rows[0].id;
  }

  async addRefreshToken(manager: EntityManager, values: { sessionId: string; parentId?: string; tokenHash: string; expiresAt: Date }): Promise<void> {
    await manager.query(`INSERT INTO refresh_tokens (session_id, parent_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)`, [
      values.sessionId,
      values.parentId ?? null,
      values.tokenHash,
      values.expiresAt,
    ]);
  }

  /**
   * Spends a refresh token, looked up under any of `tokenHashes` (its hash under the current secret and, during a
   * key rotation's grace period, the previous one): one UPDATE that succeeds only if the token is unused, unexpired
   * and its session live (neither revoked nor past its own expiry). Concurrent attempts with the same token serialise on the row: at most one gets it.
   */
  async spend(manager: EntityManager, tokenHashes: readonly string[]): Promise<RotatedToken | null> {
    const [rows] = await manager.query<[Array<RotatedToken>, number]>(
      `UPDATE refresh_tokens t SET used_at = now()
         FROM sessions s
        WHERE t.token_hash = ANY($1::char(64)[]) AND t.session_id = s.id AND t.used_at IS NULL AND t.expires_at > now()
          AND s.revoked_at IS NULL AND s.expires_at > now()
        RETURNING t.id, t.session_id AS "sessionId", s.user_id AS "userId", s.expires_at AS "sessionExpiresAt"`,
      [tokenHashes],
    );
    return rows[0] ?? null;
  }

  /** Why a token (under any of its possible hashes) could not be spent. */
  async whyUnspendable(tokenHashes: readonly string[]): Promise<SpentTokenLookup> {
    const rows = await this.dataSource.query<Array<{ sessionId: string; userId: string; used: boolean; revoked: boolean }>>(
      `SELECT t.session_id AS "sessionId", s.user_id AS "userId", t.used_at IS NOT NULL AS used, s.revoked_at IS NOT NULL AS revoked
         FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id WHERE t.token_hash = ANY($1::char(64)[])`,
      [tokenHashes],
    );
    const row = rows[0];
    if (!row) return { state: 'unknown' };
    const state = row.used ? 'reused' : row.revoked ? 'revoked' : 'expired';
    return { state, sessionId: row.sessionId, userId: row.userId };
  }

  async revokeSession(sessionId: string, reason: RevocationReason, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query(`UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`, [
      sessionId,
      reason,
    ]);
  }

  /** Revokes every session of the user, except `keepSessionId` when given. */
  async revokeAllSessions(userId: string, reason: RevocationReason, manager?: EntityManager, keepSessionId?: string): Promise<void> {
    await (manager ?? this.dataSource.manager).query(
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid)`,
      [userId, reason, keepSessionId ?? null],
    );
  }
}
