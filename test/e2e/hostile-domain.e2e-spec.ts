import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LightMyRequestResponse } from 'fastify';
import { DataSource } from 'typeorm';
import { ReadRouter } from '../../src/database/read-router';
import { Role } from '../../src/users/role';
import { bootApp } from '../harness/app';
import { createCategory, createProduct } from '../harness/catalog-factories';
import { bearer, signedIn, type TestUser, type Tokens } from '../harness/factories';
import { isolatedDatabaseEnv } from '../harness/isolated-database';

/** A 4xx problem+json carrying the request id; returns its body. */
function expectProblem(
  response: LightMyRequestResponse,
  status: number,
  code?: string,
): Record<string, unknown> & { errors?: Array<{ field: string; message: string }> } {
  expect({ status: response.statusCode, type: response.headers['content-type'] }).toEqual({
    status,
    type: expect.stringMatching(/^application\/problem\+json/),
  });
  const body = response.json();
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String), instance: expect.any(String) });
  if (code) expect(body.code).toBe(code);
  expect(body.requestId).toEqual(expect.any(String));
  expect(body.requestId).toBe(response.headers['x-request-id']);
  return body;
}

/** A 400 validation problem whose errors[] names `field`. */
function expectFieldError(response: LightMyRequestResponse, field: string, message?: RegExp): void {
  const body = expectProblem(response, 400, 'VALIDATION_FAILED');
  expect(body.errors).toEqual(expect.arrayContaining([{ field, message: message ? expect.stringMatching(message) : expect.any(String) }]));
  expect(body.errors!.every((error) => error.field === field)).toBe(true);
}

/**
 * Hostile or careless input to the catalog and user domains (issue 13): nulls on PATCH, ids in two spellings,
 * entity-encoded markup, unpublished products, bidirectional controls in names, undecodable query strings.
 * One database of its own: it holds exactly one superadmin.
 */
describe('Hostile input to the domain', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let superadmin: TestUser & Tokens;
  let admin: TestUser & Tokens;
  let customer: TestUser & Tokens;

  beforeAll(async () => {
    // The catalog cache on (its default), with keys of its own in the shared Redis.
    app = await bootApp({ env: { ...(await isolatedDatabaseEnv()), REDIS_KEY_PREFIX: `test-${randomUUID()}:` } });
    db = app.get(DataSource);
    superadmin = await signedIn(app, Role.Superadmin);
    admin = await signedIn(app, Role.Admin);
    customer = await signedIn(app);
  });

  afterAll(async () => {
    await app.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
  const send = (method: 'POST' | 'PATCH', url: string, token: string, payload?: object) =>
    app.inject({ method, url, headers: bearer(token), ...(payload === undefined ? {} : { payload }) });
  const productRow = async (id: string) =>
    (
      await db.query(
        `SELECT sku, name, slug, description, price, currency, is_active AS "isActive", category_id AS "categoryId", version FROM products WHERE id = $1`,
        [id],
      )
    )[0];

  describe('null for a field on PATCH', () => {
    it('refuses null for every NOT NULL product field with a 400 naming it, and changes nothing', async () => {
      const product = await createProduct(app, admin.accessToken, { description: 'Oak', currency: 'EUR' });
      const before = await productRow(product.id);
      for (const field of ['name', 'price', 'sku', 'isActive', 'currency', 'description', 'slug']) {
        const response = await send('PATCH', `/api/v1/products/${product.id}`, admin.accessToken, { [field]: null });
        expectFieldError(response, field);
        expect(response.json().errors).toContainEqual({ field, message: `${field} must not be null; leave it out to keep the current value` });
      }
      expect(await productRow(product.id)).toEqual(before);
    });

    it('refuses null on create too, where a default would otherwise apply', async () => {
      const payload = { sku: `NULL-${randomUUID().slice(0, 8)}`, name: 'Null Lamp', price: 100 };
      for (const field of ['description', 'currency', 'stock', 'isActive', 'slug', 'name', 'price', 'sku']) {
        expectFieldError(await send('POST', '/api/v1/products', admin.accessToken, { ...payload, [field]: null }), field, /must not be null|must be/);
      }
      expect(await db.query(`SELECT count(*)::int AS n FROM products WHERE sku = $1`, [payload.sku])).toEqual([{ n: 0 }]);
    });

    it('keeps null meaningful where the column is nullable: categoryId null uncategorises', async () => {
      const category = await createCategory(app, admin.accessToken);
      const product = await createProduct(app, admin.accessToken, { categoryId: category.id });
      const response = await send('PATCH', `/api/v1/products/${product.id}`, admin.accessToken, { categoryId: null });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ categoryId: null, version: 2 });
      expect((await productRow(product.id)).categoryId).toBeNull();
    });

    it('refuses null for a category’s name, slug and description; parentId null moves it to the top level', async () => {
      const parent = await createCategory(app, admin.accessToken);
      const category = await createCategory(app, admin.accessToken, { parentId: parent.id, description: 'Lamps' });
      for (const field of ['name', 'slug', 'description']) {
        expectFieldError(await send('PATCH', `/api/v1/categories/${category.id}`, admin.accessToken, { [field]: null }), field, /must not be null/);
      }
      const [row] = await db.query(`SELECT name, slug, description, version FROM categories WHERE id = $1`, [category.id]);
      expect(row).toEqual({ name: category.name, slug: category.slug, description: 'Lamps', version: 1 });
      const moved = await send('PATCH', `/api/v1/categories/${category.id}`, admin.accessToken, { parentId: null });
      expect(moved.statusCode).toBe(200);
      expect(moved.json()).toMatchObject({ parentId: null, version: 2 });
    });

    it('lets a user clear their own display name (a nullable column), and refuses null for a new password', async () => {
      const user = await signedIn(app);
      const named = await send('PATCH', '/api/v1/users/me', user.accessToken, { name: 'Ada' });
      expect(named.json().name).toBe('Ada');
      const cleared = await send('PATCH', '/api/v1/users/me', user.accessToken, { name: null });
      expect(cleared.statusCode).toBe(200);
      expect(cleared.json().name).toBeNull();
      expect((await db.query(`SELECT name FROM users WHERE id = $1`, [user.id]))[0].name).toBeNull();
      expectFieldError(await send('PATCH', '/api/v1/users/me', user.accessToken, { currentPassword: user.password, newPassword: null }), 'newPassword');
      expectFieldError(await send('PATCH', `/api/v1/users/${user.id}/role`, superadmin.accessToken, { role: null }), 'role');
    });
  });

  describe('stock at the edge of its column', () => {
    it('refuses an adjustment past 2147483647 units with a 409, and keeps the stock as it was', async () => {
      const product = await createProduct(app, admin.accessToken, { stock: 2_147_483_647 });
      const response = await send('POST', `/api/v1/products/${product.id}/stock-adjustments`, admin.accessToken, { delta: 1, reason: 'one more' });
      expect(response.statusCode).toBe(409);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ code: 'STOCK_LIMIT_EXCEEDED' });
      expect((await db.query('SELECT stock FROM products WHERE id = $1', [product.id]))[0].stock).toBe(2_147_483_647);
      const removed = await send('POST', `/api/v1/products/${product.id}/stock-adjustments`, admin.accessToken, { delta: -7, reason: 'sold' });
      expect([removed.statusCode, removed.json().stockAfter]).toEqual([201, 2_147_483_640]);
    });
  });

  describe('identifiers in two spellings', () => {
    it('refuses to demote the last superadmin by an upper-case id exactly as by the canonical id', async () => {
      const setRole = (id: string) => send('PATCH', `/api/v1/users/${id}/role`, superadmin.accessToken, { role: Role.Admin });
      const canonical = await setRole(superadmin.id);
      const upper = await setRole(superadmin.id.toUpperCase());
      expectProblem(canonical, 409, 'CONFLICT');
      expectProblem(upper, 409, 'CONFLICT');
      expect(upper.json().detail).toBe(canonical.json().detail);
      expect(upper.json().detail).toBe('The last superadmin cannot be demoted');
      expect(await db.query(`SELECT role FROM users WHERE id = $1`, [superadmin.id])).toEqual([{ role: Role.Superadmin }]);
    });

    it('refuses to disable the caller’s own account by an upper-case id', async () => {
      for (const caller of [admin, superadmin]) {
        const response = await send('POST', `/api/v1/users/${caller.id.toUpperCase()}/disable`, caller.accessToken);
        expectProblem(response, 409, 'CONFLICT');
        expect(response.json().detail).toBe('You cannot disable or enable your own account');
        expect(await db.query(`SELECT disabled FROM users WHERE id = $1`, [caller.id])).toEqual([{ disabled: false }]);
      }
      // The caller's session still works.
      expect((await get('/api/v1/users/me', bearer(admin.accessToken))).statusCode).toBe(200);
    });

    it('audits the canonical id, found by the audit filters in either spelling', async () => {
      const target = await signedIn(app);
      const response = await send('POST', `/api/v1/users/${target.id.toUpperCase()}/disable`, admin.accessToken);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: target.id, disabled: true });
      const rows = await db.query(
        `SELECT resource_id AS "resourceId", actor_id AS "actorId" FROM audit_logs WHERE action = 'user.disable' AND resource_id ILIKE $1`,
        [target.id],
      );
      expect(rows).toEqual([{ resourceId: target.id, actorId: admin.id }]);
      for (const query of [
        `action=user.disable&resourceType=user&resourceId=${target.id.toUpperCase()}`,
        `action=user.disable&resourceType=user&resourceId=${target.id}&actorId=${admin.id.toUpperCase()}`,
      ]) {
        const trail = await get(`/api/v1/audit-logs?${query}`, bearer(admin.accessToken));
        expect(trail.statusCode).toBe(200);
        expect(trail.json().data).toEqual([expect.objectContaining({ action: 'user.disable', resourceId: target.id, actorId: admin.id })]);
      }
    });

    it('reads and writes a product and a category by an upper-case id as by the canonical one, and refuses what is no UUID', async () => {
      const product = await createProduct(app, admin.accessToken);
      const upper = product.id.toUpperCase();
      const read = await get(`/api/v1/products/${upper}`);
      expect(read.statusCode).toBe(200);
      expect(read.json().id).toBe(product.id);
      expect((await get(`/api/v1/products/${product.slug.toUpperCase()}`)).json().id).toBe(product.id);
      // The ETag of the canonical id holds for the upper-case spelling: one resource, one version tag.
      const etag = read.headers.etag as string;
      const patched = await app.inject({
        method: 'PATCH',
        url: `/api/v1/products/${upper}`,
        headers: { ...bearer(admin.accessToken), 'if-match': etag },
        payload: { price: 4200 },
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({ id: product.id, price: 4200, version: 2 });
      const adjusted = await send('POST', `/api/v1/products/${upper}/stock-adjustments`, admin.accessToken, { delta: 1, reason: 'recount' });
      expect(adjusted.statusCode).toBe(201);
      expect(adjusted.json().productId).toBe(product.id);
      const audited = await db.query(`SELECT DISTINCT resource_id AS "resourceId" FROM audit_logs WHERE resource_type = 'product' AND resource_id ILIKE $1`, [
        product.id,
      ]);
      expect(audited).toEqual([{ resourceId: product.id }]);

      const category = await createCategory(app, admin.accessToken);
      expect((await get(`/api/v1/categories/${category.id.toUpperCase()}`)).json().id).toBe(category.id);
      expect((await send('PATCH', `/api/v1/categories/${category.id.toUpperCase()}`, admin.accessToken, { name: 'Renamed' })).json()).toMatchObject({
        id: category.id,
        name: 'Renamed',
      });

      for (const url of ['/api/v1/products/not-a-uuid', '/api/v1/categories/123']) {
        expectFieldError(await send('PATCH', url, admin.accessToken, { name: 'Renamed' }), 'idOrSlug', /^idOrSlug must be a UUID$/);
      }
      expectFieldError(await send('PATCH', `/api/v1/users/${product.id}x/role`, superadmin.accessToken, { role: Role.Admin }), 'id', /^id must be a UUID$/);
      expectFieldError(await send('POST', '/api/v1/users/0/disable', admin.accessToken), 'id');
    });

    it('answers 404, without asking the database, for an id-or-slug that is neither', async () => {
      const reads = jest.spyOn(app.get(ReadRouter), 'query');
      try {
        for (const url of ['/api/v1/products/oak%20table', '/api/v1/products/a_b', '/api/v1/categories/caf%C3%A9', '/api/v1/categories/--']) {
          expectProblem(await get(url), 404, 'NOT_FOUND');
        }
        expect(reads).not.toHaveBeenCalled();
      } finally {
        reads.mockRestore();
      }
    });
  });

  describe('descriptions are plain text that stays text', () => {
    const create = (description: string) =>
      send('POST', '/api/v1/products', admin.accessToken, { sku: `TXT-${randomUUID().slice(0, 8)}`, name: 'Text Lamp', price: 100, description });

    it.each([
      ['&lt;script&gt;alert(1)&lt;/script&gt;', '&lt;script&gt;alert(1)&lt;/script&gt;'],
      ['&amp;lt;b&amp;gt;', '&amp;lt;b&amp;gt;'],
      ['<b>bold</b>', 'bold'],
      ['5 < 6 & 7', '5 < 6 & 7'],
      ['Tom &amp; Jerry, "quoted" <3', 'Tom &amp; Jerry, "quoted" <3'],
      ['<p>Solid <em>oak</em></p><script>alert(1)</script>', 'Solid oak'],
    ])('stores %j as %j, on create and on PATCH', async (input, stored) => {
      const created = await create(input);
      expect(created.statusCode).toBe(201);
      expect(created.json().description).toBe(stored);
      const { id } = created.json();
      expect((await productRow(id)).description).toBe(stored);
      expect((await get(`/api/v1/products/${id}`)).json().description).toBe(stored);
      const patched = await send('PATCH', `/api/v1/products/${id}`, admin.accessToken, { description: `${input} ` });
      expect(patched.json().description).toBe(stored);
    });

    it('refuses text that would still read as markup once its tags are removed', async () => {
      for (const input of ['<<b>script>alert(1)<</b>/script>', '<<b>img src=x onerror=alert(1)>', '<title><b>bold</b></title>', '<</b>/p>']) {
        expectFieldError(await create(input), 'description', /still reads as markup/);
      }
      expectFieldError(await send('POST', '/api/v1/categories', admin.accessToken, { name: 'Sneaky', description: '<<i>img src=x>' }), 'description');
      const category = await send('POST', '/api/v1/categories', admin.accessToken, {
        name: `Plain ${randomUUID().slice(0, 6)}`,
        description: '&lt;i&gt; & <i>x</i>',
      });
      expect(category.json().description).toBe('&lt;i&gt; & x');
    });
  });

  describe('unpublished products', () => {
    let hidden: { id: string; slug: string };

    beforeAll(async () => {
      const category = await createCategory(app, admin.accessToken);
      hidden = await createProduct(app, admin.accessToken, {
        name: `Unpublished Zanzibar ${randomUUID().slice(0, 6)}`,
        isActive: false,
        categoryId: category.id,
      });
    });

    it('are 404 for anonymous callers, customers and invalid tokens, by id and by slug', async () => {
      for (const key of [hidden.id, hidden.slug, hidden.id.toUpperCase()]) {
        for (const headers of [{}, bearer(customer.accessToken), bearer('not-a-token')]) {
          const response = await get(`/api/v1/products/${key}`, headers);
          const body = expectProblem(response, 404, 'NOT_FOUND');
          expect(JSON.stringify(body)).not.toMatch(/price|stock/);
          expect(response.headers.etag).toBeUndefined();
        }
      }
    });

    it('are shown to staff, whose reads never fill the anonymous cache', async () => {
      for (const caller of [admin, superadmin]) {
        const response = await get(`/api/v1/products/${hidden.slug}`, bearer(caller.accessToken));
        expect(response.statusCode).toBe(200);
        expect(response.headers['x-cache']).toBe('BYPASS');
        expect(response.json()).toMatchObject({ id: hidden.id, isActive: false });
      }
      for (let attempt = 0; attempt < 2; attempt++) {
        const anonymous = await get(`/api/v1/products/${hidden.slug}`);
        expectProblem(anonymous, 404, 'NOT_FOUND');
        expect(anonymous.headers['x-cache']).not.toBe('HIT');
      }
    });

    it('leave the anonymous cache as soon as they are unpublished, and come back when published', async () => {
      const product = await createProduct(app, admin.accessToken);
      const url = `/api/v1/products/${product.slug}`;
      expect((await get(url)).statusCode).toBe(200);
      const cached = await get(url);
      expect({ status: cached.statusCode, cache: cached.headers['x-cache'] }).toEqual({ status: 200, cache: 'HIT' });
      expect((await send('PATCH', `/api/v1/products/${product.id}`, admin.accessToken, { isActive: false })).statusCode).toBe(200);
      expectProblem(await get(url), 404, 'NOT_FOUND');
      expectProblem(await get(url), 404, 'NOT_FOUND');
      expect((await send('PATCH', `/api/v1/products/${product.id}`, admin.accessToken, { isActive: true })).statusCode).toBe(200);
      expect((await get(url)).json()).toMatchObject({ id: product.id, isActive: true });
    });

    it('are left out of lists, searches, suggestions, facets and category counts for everyone', async () => {
      const word = hidden.slug.split('-')[1];
      for (const headers of [{}, bearer(customer.accessToken), bearer(admin.accessToken)]) {
        const lists = [`/api/v1/products?limit=100`, `/api/v1/products?q=${word}&facets=category`, `/api/v1/products?page=1&q=${word}`];
        for (const url of lists) {
          const response = await get(url, headers);
          expect(response.statusCode).toBe(200);
          expect(response.json().data.map((product: { id: string }) => product.id)).not.toContain(hidden.id);
        }
        expect((await get(`/api/v1/products?q=${word}&facets=category`, headers)).json().facets.category).toEqual([]);
        expect((await get(`/api/v1/products/suggestions?q=${word}`, headers)).json().data).toEqual([]);
      }
      const category = (await get(`/api/v1/products/${hidden.id}`, bearer(admin.accessToken))).json().categoryId;
      const detail = await get(`/api/v1/categories/${category}?include=products`);
      expect(detail.json()).toMatchObject({ productCount: 0, products: { data: [] } });
    });
  });

  describe('display names', () => {
    const controls = {
      'LEFT-TO-RIGHT EMBEDDING': '\u202A',
      'RIGHT-TO-LEFT OVERRIDE': '\u202E',
      'LEFT-TO-RIGHT ISOLATE': '\u2066',
      'POP DIRECTIONAL ISOLATE': '\u2069',
      'LEFT-TO-RIGHT MARK': '\u200E',
      'RIGHT-TO-LEFT MARK': '\u200F',
      'ARABIC LETTER MARK': '\u061C',
      'LINE SEPARATOR': '\u2028',
      'PARAGRAPH SEPARATOR': '\u2029',
    };

    it.each(Object.entries(controls))('refuses %s inside a name, on PATCH /users/me and on register', async (_name, control) => {
      const user = await signedIn(app);
      const response = await send('PATCH', '/api/v1/users/me', user.accessToken, { name: `Ada${control}exe.txt` });
      expectFieldError(response, 'name', /must be plain text without bidirectional controls or line separators/);
      expect((await db.query(`SELECT name FROM users WHERE id = $1`, [user.id]))[0].name).toBeNull();
      const register = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { email: `bidi-${randomUUID()}@example.com`, password: 'correct horse battery staple', name: `Mal${control}lory` },
      });
      expectFieldError(register, 'name');
    });

    it('keeps accepting names in any script, and still refuses the other control characters', async () => {
      const user = await signedIn(app);
      for (const name of ['Ada Lovelace', 'نجيب محفوظ', 'אדה', 'Zoë 😀']) {
        const response = await send('PATCH', '/api/v1/users/me', user.accessToken, { name });
        expect({ name, status: response.statusCode }).toEqual({ name, status: 200 });
        expect(response.json().name).toBe(name);
      }
      expectFieldError(await send('PATCH', '/api/v1/users/me', user.accessToken, { name: 'Ada\nLovelace' }), 'name');
    });
  });

  describe('query strings that do not decode', () => {
    it('refuses invalid percent-encodings, so ?q=%E9 and ?q=%E8 never share an answer', async () => {
      await createProduct(app, admin.accessToken, { name: 'Café Crème Lamp' });
      for (let round = 0; round < 2; round++) {
        for (const query of ['q=%E9', 'q=%E8', 'q=%EF%BF%BD', 'q=caf%E9', 'q=%C3%A9%ZZ', 'q=a+%ED%A0%80']) {
          const response = await get(`/api/v1/products?${query}`);
          expectFieldError(response, 'q', /percent/);
          expect(response.headers['x-cache']).not.toBe('HIT');
        }
        expectFieldError(await get('/api/v1/products/suggestions?q=%E9'), 'q');
        expectFieldError(await get('/api/v1/products/suggestions?q=%E8'), 'q');
      }
    });

    it('still answers and caches queries that are valid UTF-8, each under its own key', async () => {
      const cafe = await createProduct(app, admin.accessToken, { name: 'Quixotic Café Table' });
      await createProduct(app, admin.accessToken, { name: 'Quixotic Cafe Table' });
      const first = await get('/api/v1/products?q=quixotic%20caf%C3%A9');
      expect({ status: first.statusCode, cache: first.headers['x-cache'] }).toEqual({ status: 200, cache: 'MISS' });
      expect(first.json().data.map((product: { id: string }) => product.id)).toContain(cafe.id);
      const again = await get('/api/v1/products?q=quixotic+caf%C3%A9');
      expect({ status: again.statusCode, cache: again.headers['x-cache'], body: again.body }).toEqual({ status: 200, cache: 'HIT', body: first.body });
      const other = await get('/api/v1/products?q=100%25%20quixotic');
      expect({ status: other.statusCode, cache: other.headers['x-cache'] }).toEqual({ status: 200, cache: 'MISS' });
    });
  });
});
