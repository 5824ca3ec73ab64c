import { createHash } from 'node:crypto';
import { Controller, Get, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { ApiKeyScope } from '../../src/api-keys/api-key-scope';
import { AppModule } from '../../src/app.module';
import type { AuthenticatedUser } from '../../src/auth/authenticated-user';
import { Auth } from '../../src/auth/decorators/auth.decorator';
import { CurrentUser } from '../../src/auth/decorators/current-user.decorator';
import { Role } from '../../src/users/role';
import { bootApp } from '../harness/app';
import { createProduct } from '../harness/catalog-factories';
import { waitFor } from '../harness/free-port';
import { bearer, signedIn, type TestUser, type Tokens } from '../harness/factories';

const SCOPED_ROUTE = '/api/v1/api-key-fixtures/changes';

/** A back-office read that integrations may also make, declared the way a feature route declares it. */
@Controller('api-key-fixtures')
class ApiKeyFixturesController {
  @Get('changes')
  @Auth({ roles: [Role.Admin], scopes: [ApiKeyScope.ChangesRead] })
  changes(@CurrentUser() caller: AuthenticatedUser) {
    return caller;
  }
}

@Module({ controllers: [ApiKeyFixturesController] })
class ApiKeyFixturesModule {}

@Module({ imports: [AppModule, ApiKeyFixturesModule] })
class AppWithApiKeyFixturesModule {}

interface CreatedKey {
  id: string;
  key: string;
  prefix: string;
  scopes: string[];
}

describe('API keys', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let admin: TestUser & Tokens;

  const create = (token: string, payload: object) => app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: bearer(token), payload });
  const get = (url: string, token: string) => app.inject({ method: 'GET', url, headers: bearer(token) });
  const revoke = (id: string, token = admin.accessToken) => app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: bearer(token) });

  async function newKey(scopes: ApiKeyScope[] = [ApiKeyScope.ChangesRead], extra: object = {}): Promise<CreatedKey> {
    const response = await create(admin.accessToken, { name: 'ERP sync', scopes, ...extra });
    expect(response.statusCode).toBe(201);
    return response.json();
  }

  beforeAll(async () => {
    app = await bootApp({ module: AppWithApiKeyFixturesModule });
    db = app.get(DataSource);
    admin = await signedIn(app, Role.Admin);
  });

  afterAll(async () => {
    await app.close();
  });

  describe('creation', () => {
    it('shows the secret once, and stores only its SHA-256', async () => {
      const response = await create(admin.accessToken, { name: '  Marketplace feed ', scopes: [ApiKeyScope.CatalogRead, ApiKeyScope.ChangesRead] });
      expect(response.statusCode).toBe(201);
      const created = response.json();
      expect(created).toEqual({
        id: expect.any(String),
        key: expect.stringMatching(/^ck_[A-Za-z0-9_-]{43}$/),
        name: 'Marketplace feed',
        prefix: created.key.slice(0, 11),
        scopes: [ApiKeyScope.CatalogRead, ApiKeyScope.ChangesRead],
        createdBy: admin.id,
        createdAt: expect.any(String),
        lastUsedAt: null,
        revokedAt: null,
        expiresAt: null,
      });

      const { key: _secret, ...metadata } = created;
      const one = await get(`/api/v1/api-keys/${created.id}`, admin.accessToken);
      expect(one.statusCode).toBe(200);
      expect(one.json()).toEqual(metadata);
      const list = await get('/api/v1/api-keys?limit=100', admin.accessToken);
      expect(list.json().data).toContainEqual(metadata);
      for (const answer of [one, list]) expect(answer.body).not.toContain(created.key.slice(11));

      const [row] = await db.query(`SELECT * FROM api_keys WHERE id = $1`, [created.id]);
      expect((row.hash as Buffer).equals(createHash('sha256').update(created.key).digest())).toBe(true);
      expect(JSON.stringify(row)).not.toContain(created.key.slice(11));
    });

    it('records an expiry, and refuses one in the past, an unknown scope or no scope', async () => {
      const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
      expect((await newKey([ApiKeyScope.CatalogRead], { expiresAt })) as unknown).toMatchObject({ expiresAt });
      for (const payload of [
        { name: 'late', scopes: [ApiKeyScope.CatalogRead], expiresAt: '2020-01-01T00:00:00Z' },
        { name: 'greedy', scopes: ['catalog:write'] },
        { name: 'empty', scopes: [] },
        { name: 'extra', scopes: [ApiKeyScope.CatalogRead], role: Role.Admin },
      ]) {
        const response = await create(admin.accessToken, payload);
        expect({ payload, status: response.statusCode }).toEqual({ payload, status: 400 });
        expect(response.json().code).toBe('VALIDATION_FAILED');
      }
    });

    it('is for staff: a customer gets 403, an anonymous caller 401, and an API key cannot mint keys', async () => {
      const customer = await signedIn(app, Role.Customer);
      const refused = await create(customer.accessToken, { name: 'mine', scopes: [ApiKeyScope.CatalogRead] });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('FORBIDDEN');
      const anonymous = await app.inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'x', scopes: [ApiKeyScope.CatalogRead] } });
      expect(anonymous.statusCode).toBe(401);
      const { key } = await newKey([ApiKeyScope.CatalogRead, ApiKeyScope.ChangesRead]);
      expect((await create(key, { name: 'child', scopes: [ApiKeyScope.CatalogRead] })).statusCode).toBe(403);
    });

    it('pages the list with a cursor', async () => {
      await Promise.all([newKey(), newKey(), newKey()]);
      const first = (await get('/api/v1/api-keys?limit=2', admin.accessToken)).json();
      expect(first.data).toHaveLength(2);
      expect(first.page).toMatchObject({ limit: 2, hasMore: true, nextCursor: expect.any(String) });
      const second = (await get(`/api/v1/api-keys?limit=2&cursor=${first.page.nextCursor}`, admin.accessToken)).json();
      expect(second.data).toHaveLength(2);
      expect(second.data.map((key: CreatedKey) => key.id)).not.toContain(first.data[1].id);
    });
  });

  describe('authentication', () => {
    it('signs a key in as a machine principal on a route that accepts its scope', async () => {
      const created = await newKey([ApiKeyScope.ChangesRead]);
      const response = await get(SCOPED_ROUTE, created.key);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ kind: 'api-key', id: created.id, role: Role.Customer, scopes: [ApiKeyScope.ChangesRead] });
      // Limited per key, as a user is per account.
      expect(response.headers['ratelimit-policy']).toContain('"user"');
    });

    it('refuses a key without the scope with 403 and says which scope is missing', async () => {
      const { key } = await newKey([ApiKeyScope.CatalogRead]);
      const response = await get(SCOPED_ROUTE, key);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ status: 403, code: 'INSUFFICIENT_SCOPE' });
      expect(response.headers['www-authenticate']).toBe('Bearer error="insufficient_scope", scope="changes:read"');
    });

    it('never lets a key through a role check, whatever its scopes', async () => {
      const { key } = await newKey([ApiKeyScope.CatalogRead, ApiKeyScope.ChangesRead]);
      for (const url of ['/api/v1/users/me', '/api/v1/users', '/api/v1/audit-logs', '/api/v1/api-keys']) {
        const response = await get(url, key);
        expect({ url, status: response.statusCode, code: response.json().code }).toEqual({ url, status: 403, code: 'FORBIDDEN' });
      }
      const logout = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(key) });
      expect(logout.statusCode).toBe(403);
    });

    it('answers an unknown or malformed key with the 401 a bad JWT gets', async () => {
      const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined, instance: undefined });
      const badJwt = await get(SCOPED_ROUTE, 'not.a.token');
      for (const key of [`ck_${'A'.repeat(43)}`, 'ck_nope']) {
        const response = await get(SCOPED_ROUTE, key);
        expect(response.statusCode).toBe(401);
        expect(response.headers['www-authenticate']).toBe(badJwt.headers['www-authenticate']);
        expect(strip(response.json())).toEqual(strip(badJwt.json()));
      }
    });

    it('stops a revoked key on its next request; revoking again changes nothing', async () => {
      const created = await newKey();
      expect((await get(SCOPED_ROUTE, created.key)).statusCode).toBe(200);
      expect((await revoke(created.id)).statusCode).toBe(204);
      const refused = await get(SCOPED_ROUTE, created.key);
      expect(refused.statusCode).toBe(401);
      expect(refused.json().code).toBe('UNAUTHORIZED');

      const { revokedAt } = (await get(`/api/v1/api-keys/${created.id}`, admin.accessToken)).json();
      expect(revokedAt).toEqual(expect.any(String));
      expect((await revoke(created.id)).statusCode).toBe(204);
      expect((await get(`/api/v1/api-keys/${created.id}`, admin.accessToken)).json().revokedAt).toBe(revokedAt);
      expect((await revoke('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    });

    it('stops an expired key', async () => {
      const created = await newKey([ApiKeyScope.ChangesRead], { expiresAt: new Date(Date.now() + 60_000).toISOString() });
      expect((await get(SCOPED_ROUTE, created.key)).statusCode).toBe(200);
      await db.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [created.id]);
      expect((await get(SCOPED_ROUTE, created.key)).statusCode).toBe(401);
    });

    it('records when a key was last used, at most once a minute', async () => {
      const created = await newKey();
      expect((await get(SCOPED_ROUTE, created.key)).statusCode).toBe(200);
      const lastUsedAt = await waitFor(async () => (await get(`/api/v1/api-keys/${created.id}`, admin.accessToken)).json().lastUsedAt as string | null, {
        what: 'the last use to be recorded',
      });
      expect((await get(SCOPED_ROUTE, created.key)).statusCode).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await get(`/api/v1/api-keys/${created.id}`, admin.accessToken)).json().lastUsedAt).toBe(lastUsedAt);
    });

    it('signs a valid key in on public catalog reads, and serves a revoked one anonymously', async () => {
      const created = await newKey([ApiKeyScope.CatalogRead]);
      const signedInRead = await get('/api/v1/products', created.key);
      expect(signedInRead.statusCode).toBe(200);
      expect(signedInRead.headers['x-cache']).toBe('BYPASS');
      await revoke(created.id);
      expect((await get('/api/v1/products', created.key)).statusCode).toBe(200);
    });

    it('lets a catalog:read key read the catalog as staff do: unpublished products included', async () => {
      const hidden = await createProduct(app, admin.accessToken, { isActive: false });
      const [reader, other] = [await newKey([ApiKeyScope.CatalogRead]), await newKey([ApiKeyScope.ChangesRead])];
      expect((await get(`/api/v1/products/${hidden.id}`, reader.key)).json()).toMatchObject({ id: hidden.id, isActive: false });
      expect((await get(`/api/v1/products/${hidden.id}`, other.key)).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: `/api/v1/products/${hidden.id}` })).statusCode).toBe(404);
    });

    it('reads the change feed with changes:read, and only with it', async () => {
      const [reader, other] = [await newKey([ApiKeyScope.ChangesRead]), await newKey([ApiKeyScope.CatalogRead])];
      expect((await get('/api/v1/changes?limit=1', reader.key)).statusCode).toBe(200);
      expect((await get('/api/v1/changes?limit=1', other.key)).json()).toMatchObject({ status: 403, code: 'INSUFFICIENT_SCOPE' });
    });

    it('still takes access tokens: staff pass on their role, customers do not', async () => {
      const response = await get(SCOPED_ROUTE, admin.accessToken);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: admin.id, role: Role.Admin, sessionId: expect.any(String) });
      const customer = await signedIn(app, Role.Customer);
      const refused = await get(SCOPED_ROUTE, customer.accessToken);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('FORBIDDEN');
    });
  });

  it('audits creation and revocation with the acting admin, never with the secret', async () => {
    const created = await newKey();
    await revoke(created.id);
    const rows = await db.query<Array<{ action: string; actor_id: string; old_values: object | null; new_values: object | null }>>(
      `SELECT action, actor_id, old_values, new_values FROM audit_logs WHERE resource_type = 'api_key' AND resource_id = $1 ORDER BY id`,
      [created.id],
    );
    expect(rows.map((row) => [row.action, row.actor_id])).toEqual([
      ['api_key.create', admin.id],
      ['api_key.revoke', admin.id],
    ]);
    expect(rows[0].new_values).toMatchObject({ id: created.id, prefix: created.prefix, scopes: created.scopes });
    expect(rows[1]).toMatchObject({ old_values: { revokedAt: null }, new_values: { revokedAt: expect.any(String) } });
    expect(JSON.stringify(rows)).not.toContain(created.key.slice(11));
  });
});
