import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { OFFSET_TOTAL_CAP } from '../../../src/products/dto/list-products-query.dto';
import { Role } from '../../../src/users/role';
import { bootApp } from '../../harness/app';
import { createCategory, createProduct } from '../../harness/catalog-factories';
import { bearer, signedIn } from '../../harness/factories';
import { isolatedDatabaseEnv } from '../../harness/isolated-database';

describe('Products', () => {
  let app: NestFastifyApplication;
  let admin: string;
  let customer: string;
  let db: DataSource;

  beforeAll(async () => {
    app = await bootApp({ env: { ...(await isolatedDatabaseEnv()), CATALOG_CACHE_ENABLED: 'false' } });
    admin = (await signedIn(app, Role.Admin)).accessToken;
    customer = (await signedIn(app)).accessToken;
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
  });

  const list = (query = '') => app.inject({ method: 'GET', url: `/api/v1/products${query}` });

  describe('create', () => {
    it('creates with a generated slug, default currency, ETag and Location; markup in descriptions is removed', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/products',
        headers: bearer(admin),
        payload: { sku: 'CAFE-001', name: 'Café Table & Chairs', price: 24900, description: '<b>Solid</b> oak <script>alert(1)</script>table' },
      });
      expect(response.statusCode).toBe(201);
      const product = response.json();
      expect(product).toMatchObject({
        sku: 'CAFE-001',
        slug: 'cafe-table-and-chairs',
        currency: 'EUR',
        stock: 0,
        isActive: true,
        version: 1,
        description: 'Solid oak table',
      });
      expect(response.headers.location).toBe(`/api/v1/products/${product.id}`);
      expect(response.headers.etag).toMatch(/^"1-/);
      const second = await app.inject({
        method: 'POST',
        url: '/api/v1/products',
        headers: bearer(admin),
        payload: { sku: 'CAFE-002', name: 'Café Table & Chairs', price: 100 },
      });
      expect(second.json().slug).toMatch(/^cafe-table-and-chairs-[0-9a-f]{6}$/);
    });

    it('refuses customers, anonymous callers, unknown fields, markup in names, bad prices and taken SKUs', async () => {
      const valid = { sku: 'VALID-1', name: 'Valid', price: 100 };
      expect((await app.inject({ method: 'POST', url: '/api/v1/products', payload: valid })).statusCode).toBe(401);
      expect((await app.inject({ method: 'POST', url: '/api/v1/products', headers: bearer(customer), payload: valid })).statusCode).toBe(403);
      const post = (payload: object) => app.inject({ method: 'POST', url: '/api/v1/products', headers: bearer(admin), payload });
      expect((await post({ ...valid, id: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(400);
      expect((await post({ ...valid, version: 7 })).statusCode).toBe(400);
      expect((await post({ ...valid, name: '<img src=x onerror=alert(1)>' })).statusCode).toBe(400);
      expect((await post({ ...valid, price: -1 })).statusCode).toBe(400);
      expect((await post({ ...valid, price: 1.5 })).statusCode).toBe(400);
      expect((await post({ ...valid, currency: 'euro' })).statusCode).toBe(400);
      expect((await post({ ...valid, categoryId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(400);
      expect((await post(valid)).statusCode).toBe(201);
      const duplicate = await post({ ...valid, name: 'Other' });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json().code).toBe('SKU_TAKEN');
      expect(await db.query(`SELECT count(*)::int AS n FROM products WHERE sku = 'VALID-1'`)).toEqual([{ n: 1 }]);
    });
  });

  describe('idempotent creation', () => {
    it('replays a retry with the same Idempotency-Key and body, and refuses the key with another body', async () => {
      const headers = { ...bearer(admin), 'idempotency-key': 'create-lamp-7' };
      const payload = { sku: 'IDEM-LAMP', name: 'Idempotent Lamp', price: 5000 };
      const first = await app.inject({ method: 'POST', url: '/api/v1/products', headers, payload });
      const retry = await app.inject({ method: 'POST', url: '/api/v1/products', headers, payload });
      expect(first.statusCode).toBe(201);
      expect(retry.statusCode).toBe(201);
      expect(retry.json()).toEqual(first.json());
      expect(retry.headers['idempotent-replayed']).toBe('true');
      const changed = await app.inject({ method: 'POST', url: '/api/v1/products', headers, payload: { ...payload, price: 1 } });
      expect(changed.statusCode).toBe(422);
      expect(await db.query(`SELECT count(*)::int AS n FROM products WHERE sku = 'IDEM-LAMP'`)).toEqual([{ n: 1 }]);
    });
  });

  describe('read', () => {
    it('finds a product by id or slug, with an ETag honoured by If-None-Match', async () => {
      const product = await createProduct(app, admin);
      const byId = await app.inject({ method: 'GET', url: `/api/v1/products/${product.id}` });
      expect(byId.statusCode).toBe(200);
      const bySlug = await app.inject({ method: 'GET', url: `/api/v1/products/${product.slug}` });
      expect(bySlug.json().id).toBe(product.id);
      const again = await app.inject({ method: 'GET', url: `/api/v1/products/${product.id}`, headers: { 'if-none-match': byId.headers.etag as string } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect((await app.inject({ method: 'GET', url: '/api/v1/products/no-such-product' })).statusCode).toBe(404);
    });
  });

  describe('update and delete', () => {
    it('applies If-Match: the current ETag succeeds, a stale one gets 412 and changes nothing', async () => {
      const product = await createProduct(app, admin);
      const etag = (await app.inject({ method: 'GET', url: `/api/v1/products/${product.id}` })).headers.etag as string;
      const patch = (ifMatch: string, payload: object) =>
        app.inject({ method: 'PATCH', url: `/api/v1/products/${product.id}`, headers: { ...bearer(admin), 'if-match': ifMatch }, payload });
      const first = await patch(etag, { price: 2500 });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ price: 2500, version: 2 });
      const stale = await patch(etag, { price: 1 });
      expect(stale.statusCode).toBe(412);
      expect((await app.inject({ method: 'GET', url: `/api/v1/products/${product.id}` })).json().price).toBe(2500);
      expect((await patch(first.headers.etag as string, { stock: 5 })).statusCode).toBe(400);
    });

    it('never lets concurrent edits silently overwrite each other', async () => {
      const product = await createProduct(app, admin);
      const etag = (await app.inject({ method: 'GET', url: `/api/v1/products/${product.id}` })).headers.etag as string;
      const withIfMatch = await Promise.all(
        [1, 2, 3].map((n) =>
          app.inject({ method: 'PATCH', url: `/api/v1/products/${product.id}`, headers: { ...bearer(admin), 'if-match': etag }, payload: { price: n } }),
        ),
      );
      expect(withIfMatch.map((response) => response.statusCode).sort()).toEqual([200, 412, 412]);

      const without = await Promise.all(
        [10, 20, 30, 40].map((n) => app.inject({ method: 'PATCH', url: `/api/v1/products/${product.id}`, headers: bearer(admin), payload: { price: n } })),
      );
      const statuses = without.map((response) => response.statusCode);
      expect(statuses.every((status) => status === 200 || status === 409)).toBe(true);
      const [row] = await db.query(`SELECT version FROM products WHERE id = $1`, [product.id]);
      // Every accepted edit raised the version by one: none was applied on top of another unseen.
      expect(row.version).toBe(2 + statuses.filter((status) => status === 200).length);
    });

    it('soft-deletes: the product disappears and its sku and slug are free again', async () => {
      const product = await createProduct(app, admin, { sku: 'REUSE-1', slug: 'reuse-me' });
      const deleted = await app.inject({ method: 'DELETE', url: `/api/v1/products/${product.id}`, headers: bearer(admin) });
      expect(deleted.statusCode).toBe(204);
      expect((await app.inject({ method: 'GET', url: `/api/v1/products/${product.id}` })).statusCode).toBe(404);
      expect((await list('?limit=100')).json().data.map((row: { id: string }) => row.id)).not.toContain(product.id);
      const again = await createProduct(app, admin, { sku: 'REUSE-1', slug: 'reuse-me' });
      expect(again.id).not.toBe(product.id);
      expect(await db.query(`SELECT count(*)::int AS n FROM products WHERE sku = 'REUSE-1'`)).toEqual([{ n: 2 }]);
      expect((await app.inject({ method: 'DELETE', url: `/api/v1/products/${product.id}`, headers: bearer(admin) })).statusCode).toBe(404);
    });
  });

  describe('stock adjustments', () => {
    it('applies concurrent adjustments atomically and refuses to go below zero', async () => {
      const product = await createProduct(app, admin, { stock: 10 });
      const adjust = (delta: number) =>
        app.inject({ method: 'POST', url: `/api/v1/products/${product.id}/stock-adjustments`, headers: bearer(admin), payload: { delta, reason: 'test' } });
      const results = await Promise.all(Array.from({ length: 15 }, () => adjust(-1)));
      expect(results.filter((response) => response.statusCode === 201)).toHaveLength(10);
      const refused = results.filter((response) => response.statusCode === 409);
      expect(refused).toHaveLength(5);
      expect(refused[0].json().code).toBe('INSUFFICIENT_STOCK');
      const [row] = await db.query(`SELECT stock FROM products WHERE id = $1`, [product.id]);
      expect(row.stock).toBe(0);
      expect(await db.query(`SELECT count(*)::int AS n FROM stock_adjustments WHERE product_id = $1`, [product.id])).toEqual([{ n: 10 }]);
      const added = await adjust(7);
      expect(added.json()).toMatchObject({ delta: 7, stockAfter: 7, reason: 'test', productId: product.id });
      expect((await adjust(0)).statusCode).toBe(400);
    });
  });

  describe('lists', () => {
    it('pages by cursor through every product exactly once, newest first', async () => {
      const category = await createCategory(app, admin);
      const created = [];
      for (let index = 0; index < 7; index++) created.push(await createProduct(app, admin, { categoryId: category.id, price: 100 * (7 - index) }));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const response = await list(`?categoryId=${category.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.statusCode).toBe(200);
        const body = response.json();
        seen.push(...body.data.map((product: { id: string }) => product.id));
        cursor = body.page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(created.map((product) => product.id).reverse());

      const byPrice = (await list(`?categoryId=${category.id}&sort=price&limit=100`)).json().data.map((product: { price: number }) => product.price);
      expect(byPrice).toEqual([...byPrice].sort((a, b) => a - b));
      const filtered = (await list(`?categoryId=${category.id}&minPrice=200&maxPrice=400`)).json().data.map((product: { price: number }) => product.price);
      expect(filtered.sort()).toEqual([200, 300, 400]);
    });

    it('filters by a category and all its descendants, and by stock', async () => {
      const root = await createCategory(app, admin);
      const child = await createCategory(app, admin, { parentId: root.id });
      const grandchild = await createCategory(app, admin, { parentId: child.id });
      const inRoot = await createProduct(app, admin, { categoryId: root.id, stock: 0 });
      const inGrandchild = await createProduct(app, admin, { categoryId: grandchild.id });
      const ids = async (query: string) =>
        (await list(query))
          .json()
          .data.map((product: { id: string }) => product.id)
          .sort();
      expect(await ids(`?categoryId=${root.id}`)).toEqual([inRoot.id]);
      expect(await ids(`?categoryId=${root.id}&includeDescendants=true`)).toEqual([inRoot.id, inGrandchild.id].sort());
      expect(await ids(`?categoryId=${root.id}&includeDescendants=true&inStock=true`)).toEqual([inGrandchild.id]);
    });

    it('searches full text with ranking, prefixes and typos', async () => {
      const category = await createCategory(app, admin);
      const table = await createProduct(app, admin, {
        categoryId: category.id,
        name: 'Rustic Oak Coffee Table',
        description: 'A sturdy table for the living room',
      });
      const lamp = await createProduct(app, admin, { categoryId: category.id, name: 'Brass Reading Lamp', description: 'Pairs well with an oak table' });
      const search = async (q: string) =>
        (await list(`?categoryId=${category.id}&q=${encodeURIComponent(q)}`)).json().data.map((product: { id: string }) => product.id);
      expect(await search('oak table')).toEqual([table.id, lamp.id]);
      expect(await search('coff')).toEqual([table.id]);
      expect(await search('cofee')).toEqual([table.id]);
      expect(await search('lamps')).toEqual([lamp.id]);
      expect(await search('!!!')).toEqual([]);
      expect(await search("'); DROP TABLE products; --")).toEqual([]);
    });

    it('offers offset pages with totals for back-office tables, up to 10,000 rows deep', async () => {
      const category = await createCategory(app, admin);
      for (let index = 0; index < 5; index++) await createProduct(app, admin, { categoryId: category.id });
      const page2 = (await list(`?categoryId=${category.id}&limit=2&page=2`)).json();
      expect(page2.data).toHaveLength(2);
      expect(page2.page).toEqual({ limit: 2, page: 2, total: 5, totalCapped: false, totalPages: 3, hasMore: true, nextCursor: null });
      expect((await list(`?categoryId=${category.id}&limit=2&page=3`)).json().page).toMatchObject({ total: 5, totalCapped: false, hasMore: false });
      const tooDeep = await list('?limit=100&page=101');
      expect(tooDeep.statusCode).toBe(400);
      expect(tooDeep.json()).toMatchObject({ code: 'OFFSET_TOO_DEEP' });
      expect(tooDeep.json().detail).toMatch(/cursor/);
    });

    it('validates sort, filters and cursors instead of passing them to SQL', async () => {
      for (const query of [
        '?maxPrice=2147483648',
        '?sort=price;DROP',
        '?sort=relevance',
        '?limit=0',
        '?limit=101',
        '?minPrice=abc',
        '?categoryId=1 OR 1=1',
        '?inStock=maybe',
        '?cursor=abc.def',
        '?unknown=1',
      ]) {
        const response = await list(query);
        expect({ query, status: response.statusCode }).toEqual({ query, status: 400 });
      }
      const first = (await list('?limit=1')).json();
      if (first.page.nextCursor) expect((await list(`?sort=price&cursor=${first.page.nextCursor}`)).statusCode).toBe(400);
    });

    describe('offset totals beyond the cap', () => {
      const BULK = OFFSET_TOTAL_CAP + 50;
      /** The bulk rows and one more through the API. */
      const MATCHING = BULK + 1;
      let category: string;

      beforeAll(async () => {
        category = (await createCategory(app, admin)).id;
        // Straight into the table in one statement (well under a second), older than every other test's products.
        await db.query(
          `INSERT INTO products (sku, name, slug, price, currency, stock, category_id, created_at)
           SELECT 'CAP-' || i, 'Capped lantern ' || i, 'capped-lantern-' || i, 1000 + i % 500, 'EUR', 1, $1, now() - interval '1 year' - i * interval '1 second'
             FROM generate_series(1, $2::int) AS i`,
          [category, BULK],
        );
        // A write through the API: reads from now on wait for a replica that has the bulk rows too.
        await createProduct(app, admin, { categoryId: category, name: 'Capped lantern, the newest' });
      });

      const pageInfo = async (query: string, token?: string) => {
        const response = await app.inject({ method: 'GET', url: `/api/v1/products${query}`, headers: token ? bearer(token) : {} });
        expect({ query, status: response.statusCode }).toEqual({ query, status: 200 });
        const body = response.json();
        return { query, rows: body.data.length, page: body.page };
      };

      it('counts up to the cap for anonymous callers and customers: total is the cap, with totalCapped, in list and search orders', async () => {
        const capped = (page: number, limit = 20) => ({
          limit,
          nextCursor: null,
          hasMore: true,
          page,
          total: OFFSET_TOTAL_CAP,
          totalCapped: true,
          totalPages: OFFSET_TOTAL_CAP / limit,
        });
        for (const [query, page] of [
          [`?categoryId=${category}&page=1`, 1],
          [`?categoryId=${category}&sort=price&page=3`, 3],
          [`?categoryId=${category}&q=lantern&page=1`, 1],
          [`?categoryId=${category}&q=lantern&sort=-price&page=2`, 2],
        ] as const) {
          expect(await pageInfo(query)).toEqual({ query, rows: 20, page: capped(page) });
          expect(await pageInfo(query, customer)).toEqual({ query, rows: 20, page: capped(page) });
        }
        // The last page offsets reach: more products match, so hasMore stays true.
        const last = `?categoryId=${category}&limit=100&page=${OFFSET_TOTAL_CAP / 100}`;
        expect(await pageInfo(last)).toEqual({ query: last, rows: 100, page: capped(OFFSET_TOTAL_CAP / 100, 100) });
      });

      // Needs the JWT guard to read a valid bearer token on @Public() routes (request.user): anonymous otherwise.
      it('gives staff (admin, superadmin) the exact total, never capped', async () => {
        const superadmin = (await signedIn(app, Role.Superadmin)).accessToken;
        const exact = (page: number) => ({
          limit: 20,
          nextCursor: null,
          hasMore: true,
          page,
          total: MATCHING,
          totalCapped: false,
          totalPages: Math.ceil(MATCHING / 20),
        });
        for (const token of [admin, superadmin]) {
          for (const [query, page] of [
            [`?categoryId=${category}&page=1`, 1],
            [`?categoryId=${category}&q=lantern&page=2`, 2],
          ] as const) {
            expect(await pageInfo(query, token)).toEqual({ query, rows: 20, page: exact(page) });
          }
        }
      });

      it('documents the cap in the OpenAPI document', async () => {
        const schemas = (await app.inject({ method: 'GET', url: '/docs-json' })).json().components.schemas;
        const info = schemas.OffsetPageInfoDto.properties;
        expect(info.totalCapped).toMatchObject({ type: 'boolean' });
        expect(info.totalCapped.description).toContain(`more than ${OFFSET_TOTAL_CAP} products match`);
        expect(info.total.description).toContain(`exact up to ${OFFSET_TOTAL_CAP}`);
        expect(info.total.description).toContain('at least');
        expect(info.totalPages.description).toContain('capped total');
      });
    });
  });
});
