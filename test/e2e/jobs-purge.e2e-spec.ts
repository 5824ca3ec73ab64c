import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { HousekeepingRepository } from '../../src/jobs/housekeeping.repository';
import { PurgeAuditLogsJob } from '../../src/jobs/purge-audit-logs.job';
import { PurgeChangeEventsJob } from '../../src/jobs/purge-change-events.job';
import { PurgeIdempotencyKeysJob } from '../../src/jobs/purge-idempotency-keys.job';
import { PurgeRefreshTokensJob } from '../../src/jobs/purge-refresh-tokens.job';
import { bootApp } from '../harness/app';
import { bearer, createUser, login, type TestUser, type Tokens } from '../harness/factories';
import { isolatedDatabaseEnv } from '../harness/isolated-database';

const never = new AbortController().signal;

/** The database as its owner sees it (the migrating role), for arranging and inspecting rows. */
async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

const sessionOf = (tokens: Tokens): string => JSON.parse(Buffer.from(tokens.accessToken.split('.')[1], 'base64url').toString()).sid;

describe('Housekeeping purges', () => {
  let env: Record<string, string>;
  let db: Client;
  const apps: NestFastifyApplication[] = [];

  beforeAll(async () => {
    // Batches of two make every purge loop more than once. The schedules are off: each test runs a job itself.
    env = { ...(await isolatedDatabaseEnv()), JOBS_ENABLED: 'false', JOBS_PURGE_BATCH_SIZE: '2' };
    db = await connect(env.DATABASE_URL);
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await db.end();
  });

  const boot = async (extra: Record<string, string> = {}) => {
    const app = await bootApp({ env: { ...env, ...extra } });
    apps.push(app);
    return app;
  };

  describe('refresh tokens and sessions', () => {
    let app: NestFastifyApplication;
    let user: TestUser;

    beforeAll(async () => {
      app = await boot();
      user = await createUser(app);
    });

    const refresh = (refreshToken: string) => app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
    const sessionWhere = async (change: string): Promise<string> => {
      const session = sessionOf(await login(app, user));
      await db.query(`UPDATE sessions SET ${change} WHERE id = $1`, [session]);
      return session;
    };
    const addToken = async (session: string, values: string): Promise<string> => {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO refresh_tokens (session_id, token_hash, expires_at, used_at) VALUES ($1, $2, ${values}) RETURNING id`,
        [session, randomBytes(32).toString('hex')],
      );
      return rows[0].id;
    };
    const tokensOf = async (session: string) =>
      (await db.query<{ id: string }>(`SELECT id FROM refresh_tokens WHERE session_id = $1 ORDER BY id`, [session])).rows.map(({ id }) => id).sort();

    it('deletes ended sessions and dead tokens, keeps what refresh and its reuse detection still need', async () => {
      const first = await login(app, user);
      const live = sessionOf(first);
      const second = (await refresh(first.refreshToken)).json<Tokens>();
      const expiredUnused = await addToken(live, `now() - interval '2 hours', NULL`);
      const expiredUsed = await addToken(live, `now() - interval '2 hours', now() - interval '3 hours'`);
      const liveTokens = (await tokensOf(live)).filter((id) => id !== expiredUnused);

      const expiredLongAgo = await sessionWhere(`expires_at = now() - interval '2 hours'`);
      const revokedLongAgo = await sessionWhere(`revoked_at = now() - interval '2 hours', revoked_reason = 'logout'`);
      const justExpired = await sessionWhere(`expires_at = now() - interval '10 minutes'`);
      const justRevoked = await sessionWhere(`revoked_at = now() - interval '10 minutes', revoked_reason = 'logout'`);
      const keptTokens = { [justExpired]: await tokensOf(justExpired), [justRevoked]: await tokensOf(justRevoked) };

      expect(await app.get(PurgeRefreshTokensJob).run(never)).toEqual({ sessions: 2, refreshTokens: 3, interrupted: false });

      const { rows: sessions } = await db.query<{ id: string }>(`SELECT id FROM sessions WHERE user_id = $1`, [user.id]);
      expect(sessions.map(({ id }) => id).sort()).toEqual([live, justExpired, justRevoked].sort());
      expect(await tokensOf(live)).toEqual(liveTokens);
      expect(liveTokens).toContain(expiredUsed);
      expect(await tokensOf(justExpired)).toEqual(keptTokens[justExpired]);
      expect(await tokensOf(justRevoked)).toEqual(keptTokens[justRevoked]);
      expect((await db.query(`SELECT 1 FROM refresh_tokens WHERE session_id = ANY($1)`, [[expiredLongAgo, revokedLongAgo]])).rowCount).toBe(0);

      // The live session still refreshes, and its spent token still gives a leak away.
      const third = await refresh(second.refreshToken);
      expect(third.statusCode).toBe(200);
      expect((await refresh(first.refreshToken)).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(third.json<Tokens>().accessToken) })).statusCode).toBe(401);
    });

    it('finds nothing more to delete on the next run', async () => {
      await sessionWhere(`expires_at = now() - interval '2 hours'`);
      const purge = app.get(PurgeRefreshTokensJob);
      expect(await purge.run(never)).toEqual({ sessions: 1, refreshTokens: 1, interrupted: false });
      expect(await purge.run(never)).toEqual({ sessions: 0, refreshTokens: 0, interrupted: false });
    });
  });

  describe('audit rows', () => {
    const insertAudit = async (age: string, count = 1) => {
      await db.query(
        `INSERT INTO audit_logs (action, resource_type, outcome, created_at) SELECT 'test.purge', 'test', 'success', now() - $1::interval FROM generate_series(1, $2)`,
        [age, count],
      );
    };
    const ages = async () =>
      (
        await db.query<{ days: number }>(
          `SELECT extract(day FROM now() - created_at)::int AS days FROM audit_logs WHERE action = 'test.purge' ORDER BY created_at`,
        )
      ).rows.map(({ days }) => days);

    beforeAll(async () => {
      await insertAudit('40 days', 3);
      await insertAudit('31 days');
      await insertAudit('29 days');
      await insertAudit('0 days');
    });

    it('keeps every row when AUDIT_RETENTION_DAYS is unset', async () => {
      const app = await boot();
      expect(await app.get(PurgeAuditLogsJob).run(never)).toEqual({ auditLogs: 0, skipped: true });
      expect(await ages()).toEqual([40, 40, 40, 31, 29, 0]);
    });

    it('deletes rows older than the retention through purge_audit_logs, in batches, and keeps newer ones', async () => {
      // Even the table's owner cannot delete audit rows directly: only the purge function can.
      await expect(db.query(`DELETE FROM audit_logs WHERE action = 'test.purge'`)).rejects.toThrow(/append-only/);

      const app = await boot({ AUDIT_RETENTION_DAYS: '30' });
      expect(await app.get(PurgeAuditLogsJob).run(never)).toEqual({ auditLogs: 4, interrupted: false });
      expect(await ages()).toEqual([29, 0]);
    });

    it('stops between batches once shutdown begins', async () => {
      await insertAudit('50 days', 5);
      const app = await boot({ AUDIT_RETENTION_DAYS: '30' });
      const shutdown = new AbortController();
      const repository = app.get(HousekeepingRepository);
      const purge = repository.purgeAuditLogs.bind(repository);
      jest.spyOn(repository, 'purgeAuditLogs').mockImplementation(async (cutoff, limit) => {
        const deleted = await purge(cutoff, limit);
        shutdown.abort();
        return deleted;
      });
      expect(await app.get(PurgeAuditLogsJob).run(shutdown.signal)).toEqual({ auditLogs: 2, interrupted: true });
      expect(await ages()).toEqual([50, 50, 50, 29, 0]);
    });
  });

  describe('idempotency keys', () => {
    it('deletes records past their lifetime and keeps live ones', async () => {
      await db.query(
        `INSERT INTO idempotency_keys (key, value, expires_at)
         SELECT 'test:' || i, '{}', now() + CASE WHEN i <= 3 THEN interval '-1 second' ELSE interval '1 hour' END FROM generate_series(1, 5) i`,
      );
      const app = await boot();
      expect(await app.get(PurgeIdempotencyKeysJob).run(never)).toEqual({ idempotencyKeys: 3, interrupted: false });
      const { rows } = await db.query<{ key: string }>(`SELECT key FROM idempotency_keys WHERE key LIKE 'test:%' ORDER BY key`);
      expect(rows.map(({ key }) => key)).toEqual(['test:4', 'test:5']);
    });
  });

  describe('change events', () => {
    it('deletes events older than the retention, oldest first, and marks the feed so older cursors get 410', async () => {
      const app = await boot({ CHANGE_FEED_RETENTION_DAYS: '7' });
      await db.query(
        `INSERT INTO change_events (position, type, resource_type, resource_id, occurred_at, data)
         SELECT last_position + i, 'product.updated', 'product', gen_random_uuid(), now() - make_interval(days => CASE WHEN i <= 3 THEN 8 ELSE 6 END), '{}'
           FROM change_event_sequence, generate_series(1, 5) i`,
      );
      const { rows } = await db.query<{ last: string }>(
        `UPDATE change_event_sequence SET last_position = last_position + 5 RETURNING last_position::text AS last`,
      );
      const last = BigInt(rows[0].last);
      await db.query(`UPDATE webhook_dispatch_state SET last_position = greatest(last_position, $1)`, [String(last)]);

      expect(await app.get(PurgeChangeEventsJob).run(never)).toEqual({ changeEvents: 3, interrupted: false });
      const kept = await db.query<{ position: string }>(`SELECT position::text AS position FROM change_events ORDER BY position`);
      expect(kept.rows.map(({ position }) => BigInt(position))).toEqual([last - 1n, last]);
      const mark = await db.query<{ purged: string }>(`SELECT purged_through::text AS purged FROM change_event_sequence`);
      expect(BigInt(mark.rows[0].purged)).toBe(last - 2n);
      expect(await app.get(PurgeChangeEventsJob).run(never)).toEqual({ changeEvents: 0, interrupted: false });
    });
  });
});
