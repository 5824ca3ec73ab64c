import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AUDITED_ACTION } from '../../src/audit/audit-scope';
import { REPEAT_WINDOW_SECONDS } from '../../src/audit/audit-trail';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Role } from '../../src/users/role';
import { bootApp } from '../harness/app';
import { createProduct } from '../harness/catalog-factories';
import { bearer, createUser, login, signedIn, type TestUser, type Tokens } from '../harness/factories';
import { isolatedDatabaseEnv } from '../harness/isolated-database';

interface AuditRow {
  id: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  oldValues: Record<string, unknown> | null;
  newValues: Record<string, unknown> | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  outcome: string;
  errorCode: string | null;
  createdAt: string;
  repeatCount: number;
  repeatUntil: string | null;
}

/** A connection string for the same database as `url`, as another role. */
function asRole(url: string, role: string): string {
  const parsed = new URL(url);
  parsed.username = role;
  return parsed.toString();
}

describe('Audit trail', () => {
  let app: NestFastifyApplication;
  let env: Record<string, string>;
  let admin: TestUser & Tokens;
  let customer: TestUser & Tokens;
  let superadmin: TestUser & Tokens;

  beforeAll(async () => {
    env = { ...(await isolatedDatabaseEnv()), CATALOG_CACHE_ENABLED: 'false' };
    app = await bootApp({ env });
    admin = await signedIn(app, Role.Admin);
    customer = await signedIn(app);
    superadmin = await signedIn(app, Role.Superadmin);
  });

  afterAll(async () => {
    await app.close();
  });

  const trail = (query: Record<string, string>, token = admin.accessToken) =>
    app.inject({ method: 'GET', url: '/api/v1/audit-logs', query, headers: bearer(token) });
  const rowsOf = async (query: Record<string, string>, target = app): Promise<AuditRow[]> => {
    const response = await target.inject({ method: 'GET', url: '/api/v1/audit-logs', query: { limit: '100', ...query }, headers: bearer(admin.accessToken) });
    expect(response.statusCode).toBe(200);
    return response.json().data;
  };
  /** The number of the database clock's current repeat window: repeated denials are one row per window. */
  const repeatWindow = async (): Promise<number> => {
    const [{ window }] = await app.get(DataSource).query(`SELECT floor(extract(epoch FROM now()) / $1)::int AS window`, [REPEAT_WINDOW_SECONDS]);
    return window;
  };
  const auditRowCount = async (): Promise<number> => (await app.get(DataSource).query(`SELECT count(*)::int AS count FROM audit_logs`))[0].count;
  /**
   * Sends `times` calls at once, each of which must be refused with 403, and says how many repeat windows they
   * fell in: 1, or 2 when they happen to cross a window's end (the bound is then one row per window).
   */
  const refuse = async (token: string, url: string, times: number, target = app): Promise<number> => {
    const first = await repeatWindow();
    const responses = await Promise.all(Array.from({ length: times }, () => target.inject({ method: 'GET', url, headers: bearer(token) })));
    expect(responses.map((response) => response.statusCode)).toEqual(Array(times).fill(403));
    return (await repeatWindow()) - first + 1;
  };
  const countedDenials = (rows: AuditRow[]) => rows.reduce((sum, row) => sum + row.repeatCount, 0);

  describe('a product update', () => {
    it('writes exactly one row, with the actor, where from, and only the changed fields old and new', async () => {
      const product = await createProduct(app, admin.accessToken, { price: 1000, stock: 5 });
      const response = await app.inject({
        method: 'PATCH',
        url: `/api/v1/products/${product.id}`,
        headers: { ...bearer(admin.accessToken), 'user-agent': 'back-office/2.1' },
        payload: { price: 1250 },
      });
      expect(response.statusCode).toBe(200);

      const rows = await rowsOf({ resourceType: 'product', resourceId: product.id, action: 'product.update' });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        actorId: admin.id,
        actorRole: 'admin',
        outcome: 'success',
        oldValues: { price: 1000, version: 1 },
        newValues: { price: 1250, version: 2 },
        ip: '127.0.0.1',
        userAgent: 'back-office/2.1',
        requestId: response.headers['x-request-id'],
        errorCode: null,
      });
      const created = await rowsOf({ resourceType: 'product', resourceId: product.id, action: 'product.create' });
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({ oldValues: null, newValues: expect.objectContaining({ id: product.id, price: 1000, stock: 5 }) });
    });

    it('writes nothing for an update that fails: validation, If-Match mismatch, edit conflict', async () => {
      const product = await createProduct(app, admin.accessToken);
      const attempts = [
        { payload: { price: -1 }, headers: {}, status: 400 },
        { payload: { price: 99 }, headers: { 'if-match': '"999-stale"' }, status: 412 },
        { payload: { unknownField: true }, headers: {}, status: 400 },
      ];
      for (const attempt of attempts) {
        const response = await app.inject({
          method: 'PATCH',
          url: `/api/v1/products/${product.id}`,
          headers: { ...bearer(admin.accessToken), ...attempt.headers },
          payload: attempt.payload,
        });
        expect(response.statusCode).toBe(attempt.status);
      }
      expect(await rowsOf({ resourceType: 'product', resourceId: product.id, action: 'product.update' })).toEqual([]);
    });

    it('records the denied call of a customer on an admin route, and changes nothing', async () => {
      const product = await createProduct(app, admin.accessToken, { price: 700 });
      const response = await app.inject({
        method: 'PATCH',
        url: `/api/v1/products/${product.id}`,
        headers: bearer(customer.accessToken),
        payload: { price: 1 },
      });
      expect(response.statusCode).toBe(403);
      const denied = await rowsOf({ actorId: customer.id, action: 'authorization.denied' });
      expect(denied).toHaveLength(1);
      expect(denied[0]).toMatchObject({
        actorRole: 'customer',
        resourceType: 'route',
        resourceId: 'PATCH /api/v1/products/:idOrSlug',
        outcome: 'failure',
        errorCode: 'FORBIDDEN',
        requestId: response.headers['x-request-id'],
        repeatCount: 1,
        repeatUntil: expect.any(String),
      });
      expect(await rowsOf({ resourceType: 'product', resourceId: product.id, action: 'product.update' })).toEqual([]);
    });
  });

  describe('security events', () => {
    it('records login success and failure without the attempted address, and counts failed logins', async () => {
      const user = await createUser(app);
      await login(app, user);
      const failed = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: 'wrong password 123' } });
      expect(failed.statusCode).toBe(401);
      const unknown = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody-xyz@example.com', password: 'whatever 12345' } });
      expect(unknown.statusCode).toBe(401);

      const mine = await rowsOf({ actorId: user.id, action: 'auth.login' });
      expect(mine.map((row) => [row.outcome, row.errorCode])).toEqual([
        ['failure', 'WRONG_PASSWORD'],
        ['success', null],
      ]);
      const anonymous = await rowsOf({ action: 'auth.login', outcome: 'failure' });
      const unknownRow = anonymous.find((row) => row.requestId === unknown.headers['x-request-id']);
      expect(unknownRow).toMatchObject({ actorId: null, resourceId: null, errorCode: 'UNKNOWN_ACCOUNT' });
      expect(JSON.stringify(anonymous)).not.toContain('nobody-xyz');
    });

    it('records refresh-token reuse, logout-all, role changes and disable/enable, never with a secret', async () => {
      const user = await signedIn(app);
      const first = await app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: user.refreshToken } });
      expect(first.statusCode).toBe(200);
      const reuse = await app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: user.refreshToken } });
      expect(reuse.statusCode).toBe(401);
      expect(await rowsOf({ actorId: user.id, action: 'auth.refresh_reuse' })).toEqual([
        expect.objectContaining({ resourceType: 'session', outcome: 'failure', errorCode: 'REFRESH_TOKEN_REUSED' }),
      ]);

      const single = await login(app, user);
      expect((await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(single.accessToken) })).statusCode).toBe(204);
      expect(await rowsOf({ actorId: user.id, action: 'session.logout' })).toEqual([
        expect.objectContaining({ resourceType: 'session', outcome: 'success', oldValues: { revoked: false }, newValues: { revoked: true } }),
      ]);

      const fresh = await login(app, user);
      expect((await app.inject({ method: 'POST', url: '/api/v1/auth/logout-all', headers: bearer(fresh.accessToken) })).statusCode).toBe(204);
      expect(await rowsOf({ resourceType: 'user', resourceId: user.id, action: 'user.logout_all' })).toEqual([
        expect.objectContaining({ actorId: user.id, outcome: 'success', newValues: { sessionsRevoked: true } }),
      ]);

      const promoted = await app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${user.id}/role`,
        headers: bearer(superadmin.accessToken),
        payload: { role: 'admin' },
      });
      expect(promoted.statusCode).toBe(200);
      const [roleChange] = await rowsOf({ resourceType: 'user', resourceId: user.id, action: 'user.role_change' });
      expect(roleChange).toMatchObject({ actorId: superadmin.id, oldValues: { role: 'customer' }, newValues: { role: 'admin' } });

      for (const verb of ['disable', 'enable']) {
        const response = await app.inject({ method: 'POST', url: `/api/v1/users/${user.id}/${verb}`, headers: bearer(superadmin.accessToken) });
        expect(response.statusCode).toBe(200);
      }
      const [disabled] = await rowsOf({ resourceType: 'user', resourceId: user.id, action: 'user.disable' });
      const [enabled] = await rowsOf({ resourceType: 'user', resourceId: user.id, action: 'user.enable' });
      expect(disabled).toMatchObject({ oldValues: expect.objectContaining({ disabled: false }), newValues: expect.objectContaining({ disabled: true }) });
      expect(enabled).toMatchObject({ oldValues: { disabled: true }, newValues: { disabled: false } });

      const changer = await signedIn(app);
      const password = await app.inject({
        method: 'PATCH',
        url: '/api/v1/users/me',
        headers: bearer(changer.accessToken),
        payload: { currentPassword: changer.password, newPassword: 'a brand new passphrase 42' },
      });
      expect(password.statusCode).toBe(200);
      const [change] = await rowsOf({ resourceType: 'user', resourceId: changer.id, action: 'user.update' });
      expect(change).toMatchObject({ oldValues: { password: '[REDACTED]' }, newValues: { password: '[REDACTED]' } });
      const everything = JSON.stringify(await rowsOf({}));
      for (const secret of [user.refreshToken, fresh.accessToken, '$argon2id$', 'a brand new passphrase']) expect(everything).not.toContain(secret);
    });
  });

  describe('repeated denials', () => {
    it('records a flood of refused calls as one row per window that counts every one of them', async () => {
      const flooder = await signedIn(app);
      const rowsBefore = await auditRowCount();

      const windows = await refuse(flooder.accessToken, '/api/v1/audit-logs', 50);

      const rows = await rowsOf({ actorId: flooder.id, action: 'authorization.denied' });
      expect(rows).toHaveLength(windows);
      expect(countedDenials(rows)).toBe(50);
      expect(new Set(rows.map((row) => row.repeatUntil)).size).toBe(windows);
      for (const row of rows) {
        expect(row).toMatchObject({
          actorRole: 'customer',
          resourceType: 'route',
          resourceId: 'GET /api/v1/audit-logs',
          outcome: 'failure',
          errorCode: 'FORBIDDEN',
        });
        expect(row.requestId).toEqual(expect.any(String));
        // The row covers a window that had not ended when its first denial happened.
        expect(Date.parse(row.repeatUntil!)).toBeGreaterThan(Date.parse(row.createdAt));
        expect(Date.parse(row.repeatUntil!) - Date.parse(row.createdAt)).toBeLessThanOrEqual(REPEAT_WINDOW_SECONDS * 1000);
      }
      expect((await auditRowCount()) - rowsBefore).toBe(windows);
    });

    it('gives another caller or another route a row of its own', async () => {
      const [alice, bob] = [await signedIn(app), await signedIn(app)];
      const rowsBefore = await auditRowCount();

      const aliceLogs = await refuse(alice.accessToken, '/api/v1/audit-logs', 4);
      const bobLogs = await refuse(bob.accessToken, '/api/v1/audit-logs', 3);
      const aliceUsers = await refuse(alice.accessToken, '/api/v1/users', 2);

      const denied = async (actorId: string, route: string) =>
        (await rowsOf({ actorId, action: 'authorization.denied' })).filter((row) => row.resourceId === route);
      const groups = [
        { rows: await denied(alice.id, 'GET /api/v1/audit-logs'), windows: aliceLogs, calls: 4 },
        { rows: await denied(bob.id, 'GET /api/v1/audit-logs'), windows: bobLogs, calls: 3 },
        { rows: await denied(alice.id, 'GET /api/v1/users'), windows: aliceUsers, calls: 2 },
      ];
      for (const group of groups) {
        expect({ rows: group.rows.length, denials: countedDenials(group.rows) }).toEqual({ rows: group.windows, denials: group.calls });
      }
      expect((await auditRowCount()) - rowsBefore).toBe(aliceLogs + bobLogs + aliceUsers);
    });

    it('keeps one row per failed login: only denied calls are counted together', async () => {
      const user = await createUser(app);
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: 'wrong password 123' } });
        expect(response.statusCode).toBe(401);
      }
      const failures = await rowsOf({ actorId: user.id, action: 'auth.login', outcome: 'failure' });
      expect(failures.map((row) => [row.errorCode, row.repeatCount, row.repeatUntil])).toEqual(Array(3).fill(['WRONG_PASSWORD', 1, null]));
    });

    it('documents the count in the OpenAPI document', async () => {
      const document = (await app.inject({ method: 'GET', url: '/docs-json' })).json();
      const { properties, required } = document.components.schemas.AuditLogDto;
      expect(properties.repeatCount).toMatchObject({
        type: 'integer',
        minimum: 1,
        description: expect.stringContaining('How many identical events this row stands for'),
      });
      expect(properties.repeatUntil).toMatchObject({ format: 'date-time', nullable: true });
      expect(required).toContain('repeatCount');
    });
  });

  it('covers every mutating route: each is @Audited, or records security events itself (login, refresh)', () => {
    const selfAudited = ['AuthController.login', 'AuthController.refresh'];
    const unaudited: string[] = [];
    for (const module of app.get(ModulesContainer).values()) {
      for (const { metatype } of module.controllers.values()) {
        if (!metatype || metatype.name.startsWith('Fixtures') || metatype.name.startsWith('ObservabilityFixtures')) continue;
        const prototype = metatype.prototype as Record<string, unknown>;
        for (const name of Object.getOwnPropertyNames(prototype)) {
          const handler = prototype[name];
          const method = typeof handler === 'function' ? (Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined) : undefined;
          if (method === undefined || method === RequestMethod.GET) continue;
          const route = `${metatype.name}.${name}`;
          if (!Reflect.getMetadata(AUDITED_ACTION, handler as object) && !selfAudited.includes(route)) unaudited.push(route);
        }
      }
    }
    expect(unaudited).toEqual([]);
  });

  describe('GET /audit-logs', () => {
    it('is for admins only and has no route that edits or deletes a row', async () => {
      expect((await trail({}, customer.accessToken)).statusCode).toBe(403);
      expect((await app.inject({ method: 'GET', url: '/api/v1/audit-logs' })).statusCode).toBe(401);
      const [row] = await rowsOf({ limit: '1' });
      for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
        const response = await app.inject({ method, url: '/api/v1/audit-logs', headers: bearer(admin.accessToken) });
        expect([404, 405]).toContain(response.statusCode);
        const item = await app.inject({ method, url: `/api/v1/audit-logs/${row.id}`, headers: bearer(admin.accessToken) });
        expect(item.statusCode).toBe(404);
      }
    });

    it('filters by outcome, time and action, and pages newest first by cursor', async () => {
      const since = new Date().toISOString();
      const products = [];
      for (let index = 0; index < 5; index += 1) products.push(await createProduct(app, admin.accessToken));
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const response = await trail({ action: 'product.create', from: since, limit: '2', ...(cursor ? { cursor } : {}) });
        expect(response.statusCode).toBe(200);
        const body = response.json();
        seen.push(...body.data.map((row: AuditRow) => row.resourceId));
        cursor = body.page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(products.map((product) => product.id).reverse());
      expect((await trail({ action: 'product.create', from: since, to: since })).statusCode).toBe(400);
      expect((await trail({ outcome: 'maybe' })).statusCode).toBe(400);
      expect((await trail({ from: 'yesterday' })).statusCode).toBe(400);
      expect((await trail({ resourceId: 'x' })).statusCode).toBe(400);
    });
  });

  describe('the application database role (catalog_app)', () => {
    let appRole: Client;
    let owner: DataSource;

    beforeAll(async () => {
      owner = app.get(DataSource);
      await owner.query(`DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'catalog_app_login') THEN CREATE ROLE catalog_app_login LOGIN IN ROLE catalog_app; END IF;
      END $$`);
      appRole = new Client({ connectionString: asRole(env.DATABASE_URL, 'catalog_app_login') });
      await appRole.connect();
    });

    afterAll(async () => {
      await appRole.end();
    });

    it('may read and append audit rows but never update or delete them', async () => {
      await appRole.query(`INSERT INTO audit_logs (action, resource_type, outcome) VALUES ('test.append', 'test', 'success')`);
      const [{ count }] = (await appRole.query(`SELECT count(*)::int AS count FROM audit_logs WHERE action = 'test.append'`)).rows;
      expect(count).toBe(1);
      await expect(appRole.query(`UPDATE audit_logs SET outcome = 'failure' WHERE action = 'test.append'`)).rejects.toMatchObject({ code: '42501' });
      await expect(appRole.query(`DELETE FROM audit_logs WHERE action = 'test.append'`)).rejects.toMatchObject({ code: '42501' });
      await expect(appRole.query(`TRUNCATE audit_logs`)).rejects.toMatchObject({ code: '42501' });
      // Retention goes through the purge function only, and only for rows older than a day.
      await expect(appRole.query(`SELECT purge_audit_logs(now(), 100)`)).rejects.toMatchObject({ code: '22023' });
      expect((await appRole.query(`SELECT purge_audit_logs(now() - interval '2 days', 100) AS purged`)).rows[0].purged).toBe(0);
    });

    it('keeps the rows append-only even for the owning role (a trigger)', async () => {
      await expect(owner.query(`UPDATE audit_logs SET outcome = 'failure' WHERE action = 'test.append'`)).rejects.toThrow(/append-only/);
      await expect(owner.query(`DELETE FROM audit_logs WHERE action = 'test.append'`)).rejects.toThrow(/append-only/);
    });

    it('may add one to the count of a repeated denial while its window is open, and change nothing else', async () => {
      const insert = async (action: string, repeatUntil: string): Promise<string> =>
        (
          await appRole.query(
            `INSERT INTO audit_logs (action, resource_type, outcome, repeat_until) VALUES ($1, 'test', 'failure', ${repeatUntil}) RETURNING id`,
            [action],
          )
        ).rows[0].id;
      const open = await insert('test.repeat_open', `now() + interval '1 minute'`);
      const ended = await insert('test.repeat_ended', `now() - interval '1 second'`);
      const single = await insert('test.single', 'NULL');
      const countOf = async (id: string): Promise<number> =>
        (await appRole.query(`SELECT repeat_count FROM audit_logs WHERE id = $1`, [id])).rows[0].repeat_count;

      await appRole.query(`UPDATE audit_logs SET repeat_count = repeat_count + 1 WHERE id = $1`, [open]);
      expect(await countOf(open)).toBe(2);
      const forgeries = [
        [open, 'repeat_count = repeat_count + 5'],
        [open, 'repeat_count = 1'],
        [open, `repeat_count = repeat_count + 1, request_id = 'forged'`],
        [open, `repeat_until = now() + interval '1 day'`],
        [ended, 'repeat_count = repeat_count + 1'],
        [single, 'repeat_count = repeat_count + 1'],
      ];
      for (const [id, change] of forgeries) {
        await expect(appRole.query(`UPDATE audit_logs SET ${change} WHERE id = $1`, [id])).rejects.toMatchObject({ code: '42501' });
        // The trigger refuses them to the owning role as well.
        await expect(owner.query(`UPDATE audit_logs SET ${change} WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
      }
      expect([await countOf(open), await countOf(ended), await countOf(single)]).toEqual([2, 1, 1]);
    });

    it('is enough to run the service: an app connected as it writes products and their audit rows', async () => {
      const asApp = await bootApp({
        env: {
          ...env,
          DATABASE_URL: asRole(env.DATABASE_URL, 'catalog_app_login'),
          DATABASE_REPLICA_URLS: env.DATABASE_REPLICA_URLS.split(',')
            .map((url) => asRole(url, 'catalog_app_login'))
            .join(','),
          MIGRATIONS_RUN: 'false',
        },
      });
      try {
        const token = (await login(asApp, admin)).accessToken;
        const product = await createProduct(asApp, token, { price: 300 });
        const response = await asApp.inject({ method: 'PATCH', url: `/api/v1/products/${product.id}`, headers: bearer(token), payload: { price: 301 } });
        expect(response.statusCode).toBe(200);
        expect(await rowsOf({ resourceType: 'product', resourceId: product.id })).toHaveLength(2);

        const caller = await signedIn(asApp);
        const windows = await refuse(caller.accessToken, '/api/v1/users', 5, asApp);
        const denied = await rowsOf({ actorId: caller.id, action: 'authorization.denied' });
        expect({ rows: denied.length, denials: countedDenials(denied) }).toEqual({ rows: windows, denials: 5 });
      } finally {
        await asApp.close();
      }
    });
  });

  // Last: booting and closing a second app re-registers the process-wide passport strategy.
  describe('atomicity', () => {
    it('rolls the change back when its audit row cannot be written: no change without its row', async () => {
      const isolated = { ...(await isolatedDatabaseEnv()), CATALOG_CACHE_ENABLED: 'false' };
      const other = await bootApp({ env: isolated });
      try {
        const owner = other.get(DataSource);
        const otherAdmin = await signedIn(other, Role.Admin);
        const product = await createProduct(other, otherAdmin.accessToken, { price: 500 });
        // The audit insert of an update now fails, after the product row was updated in the same transaction.
        await owner.query(`ALTER TABLE audit_logs ADD CONSTRAINT refuse_updates CHECK (action <> 'product.update') NOT VALID`);
        const response = await other.inject({
          method: 'PATCH',
          url: `/api/v1/products/${product.id}`,
          headers: bearer(otherAdmin.accessToken),
          payload: { price: 900 },
        });
        expect(response.statusCode).toBe(500);
        const [row] = await owner.query(`SELECT price, version FROM products WHERE id = $1`, [product.id]);
        expect(row).toEqual({ price: 500, version: 1 });
      } finally {
        await other.close();
      }
    });
  });
});
