import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { ReadRouter } from '../../../src/database/read-router';
import { Role } from '../../../src/users/role';
import { bootApp } from '../../harness/app';
import { createCategory, createProduct } from '../../harness/catalog-factories';
import { bearer, signedIn } from '../../harness/factories';
import { isolatedDatabaseEnv } from '../../harness/isolated-database';

interface Category {
  id: string;
  name: string;
  slug: string;
  parentId: string | null;
  version: number;
}

/** Live categories whose parent chain leads back to themselves (depth-capped, so a cycle cannot loop forever). */
const CYCLES_SQL = `
  WITH RECURSIVE up (start_id, id, depth) AS (
    SELECT id, parent_id, 1 FROM categories WHERE parent_id IS NOT NULL AND deleted_at IS NULL
    UNION ALL
    SELECT up.start_id, c.parent_id, up.depth + 1 FROM up JOIN categories c ON c.id = up.id
     WHERE c.parent_id IS NOT NULL AND up.depth < 100
  ) SELECT DISTINCT start_id AS id FROM up WHERE id = start_id`;

describe('Categories', () => {
  let app: NestFastifyApplication;
  let admin: string;
  let customer: string;
  let db: DataSource;

  beforeAll(async () => {
    app = await bootApp({ env: { ...(await isolatedDatabaseEnv()), REDIS_KEY_PREFIX: `test-${randomUUID()}:`, CATALOG_CACHE_ENABLED: 'false' } });
    admin = (await signedIn(app, Role.Admin)).accessToken;
    customer = (await signedIn(app)).accessToken;
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
  });

  const post = (payload: object, token = admin) => app.inject({ method: 'POST', url: '/api/v1/categories', headers: bearer(token), payload });
  const get = (idOrSlug: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: `/api/v1/categories/${idOrSlug}`, headers });
  const list = (query = '') => app.inject({ method: 'GET', url: `/api/v1/categories${query}` });
  const patch = (id: string, payload: object, headers: Record<string, string> = {}) =>
    app.inject({ method: 'PATCH', url: `/api/v1/categories/${id}`, headers: { ...bearer(admin), ...headers }, payload });
  const remove = (id: string, query = '', headers: Record<string, string> = {}) =>
    app.inject({ method: 'DELETE', url: `/api/v1/categories/${id}${query}`, headers: { ...bearer(admin), ...headers } });
  const row = async (id: string) =>
    (await db.query(`SELECT parent_id AS "parentId", version, deleted_at AS "deletedAt" FROM categories WHERE id = $1`, [id]))[0];

  /** Every page of a list, following `nextCursor`. */
  async function everyPage(query: string, limit: number): Promise<Category[]> {
    const seen: Category[] = [];
    let cursor: string | null = null;
    do {
      const response = await list(`?${query}${query ? '&' : ''}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.data.length).toBeLessThanOrEqual(limit);
      seen.push(...body.data);
      expect(body.page.hasMore).toBe(body.page.nextCursor !== null);
      cursor = body.page.nextCursor;
    } while (cursor);
    return seen;
  }

  describe('create', () => {
    it('generates the slug from the name, keeps an explicit one, and answers with an ETag and Location', async () => {
      const generated = await post({ name: 'Living Room & Garden' });
      expect(generated.statusCode).toBe(201);
      const category = generated.json();
      expect(category).toMatchObject({ name: 'Living Room & Garden', slug: 'living-room-and-garden', parentId: null, description: '', version: 1 });
      expect(generated.headers.location).toBe(`/api/v1/categories/${category.id}`);
      // The ETag names the representation a GET shows (product count included).
      expect((await app.inject({ method: 'GET', url: `/api/v1/categories/${category.id}` })).headers.etag).toBe(generated.headers.etag);

      const explicit = await post({ name: 'Outdoor', slug: 'outdoor-living', parentId: category.id, description: '<em>Sun</em> and shade' });
      expect(explicit.statusCode).toBe(201);
      expect(explicit.json()).toMatchObject({ slug: 'outdoor-living', parentId: category.id, description: 'Sun and shade' });
      expect(await row(explicit.json().id)).toMatchObject({ parentId: category.id, version: 1, deletedAt: null });
    });

    it('answers 409 SLUG_TAKEN for a taken slug, and gives a repeated name a suffixed slug', async () => {
      await createCategory(app, admin, { name: 'Kitchen', slug: 'kitchen' });
      const taken = await post({ name: 'Another Kitchen', slug: 'kitchen' });
      expect(taken.statusCode).toBe(409);
      expect(taken.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(taken.json()).toMatchObject({ status: 409, code: 'SLUG_TAKEN' });
      expect(await db.query(`SELECT count(*)::int AS n FROM categories WHERE slug = 'kitchen'`)).toEqual([{ n: 1 }]);

      const sameName = await post({ name: 'Kitchen' });
      expect(sameName.statusCode).toBe(201);
      expect(sameName.json().slug).toMatch(/^kitchen-[0-9a-f]{6}$/);
    });

    it('refuses an unknown parent, markup in the name, unknown fields, customers and anonymous callers, creating nothing', async () => {
      const before = await db.query(`SELECT count(*)::int AS n FROM categories`);

      const unknownParent = await post({ name: 'Orphan', parentId: randomUUID() });
      expect(unknownParent.statusCode).toBe(400);
      expect(unknownParent.json().errors).toEqual([expect.objectContaining({ field: 'parentId' })]);

      const markup = await post({ name: '<img src=x onerror=alert(1)>' });
      expect(markup.statusCode).toBe(400);
      expect(markup.json().errors).toEqual([expect.objectContaining({ field: 'name' })]);

      const unknownField = await post({ name: 'Valid', version: 9 });
      expect(unknownField.statusCode).toBe(400);
      expect(unknownField.json().errors).toEqual([expect.objectContaining({ field: 'version' })]);

      expect((await post({ name: 'Valid', slug: 'Not A Slug' })).statusCode).toBe(400);
      expect((await post({ name: 'Valid', parentId: 'not-a-uuid' })).statusCode).toBe(400);
      expect((await post({ name: '' })).statusCode).toBe(400);

      const asCustomer = await post({ name: 'Valid' }, customer);
      expect(asCustomer.statusCode).toBe(403);
      expect(asCustomer.json().code).toBe('FORBIDDEN');
      const anonymous = await app.inject({ method: 'POST', url: '/api/v1/categories', payload: { name: 'Valid' } });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().code).toBe('UNAUTHORIZED');

      expect(await db.query(`SELECT count(*)::int AS n FROM categories`)).toEqual(before);
    });
  });

  describe('list', () => {
    it('lists the children of a parent, the top level, or everything', async () => {
      const root = await createCategory(app, admin);
      const children = [await createCategory(app, admin, { parentId: root.id }), await createCategory(app, admin, { parentId: root.id })];
      const grandchild = await createCategory(app, admin, { parentId: children[0].id });

      const ofRoot = (await list(`?parentId=${root.id}`)).json().data as Category[];
      expect(ofRoot.map((category) => category.id).sort()).toEqual(children.map((category) => category.id).sort());
      expect(ofRoot.every((category) => category.parentId === root.id)).toBe(true);
      expect((await list(`?parentId=${grandchild.id}`)).json().data).toEqual([]);

      const topLevel = await everyPage('parentId=none', 100);
      expect(topLevel.every((category) => category.parentId === null)).toBe(true);
      const topIds = topLevel.map((category) => category.id);
      expect(topIds).toContain(root.id);
      expect(topIds).not.toContain(children[0].id);
      expect(topIds).not.toContain(grandchild.id);

      const all = (await everyPage('', 100)).map((category) => category.id);
      expect(all).toEqual(expect.arrayContaining([root.id, ...children.map((category) => category.id), grandchild.id]));

      for (const query of ['?parentId=abc', '?parentId=null', '?limit=0', '?limit=101', '?cursor=abc.def', '?unknown=1']) {
        const response = await list(query);
        expect({ query, status: response.statusCode }).toEqual({ query, status: 400 });
      }
    });

    it('pages by cursor in name order, returning every category exactly once', async () => {
      const root = await createCategory(app, admin);
      const names = ['Mirrors', 'beds', 'Armchairs', 'Desks', 'Lamps', 'Chairs', 'Rugs', 'Benches'];
      const created = [];
      for (const name of names) created.push(await createCategory(app, admin, { name, parentId: root.id }));
      // A name shared by two categories: the id breaks the tie, so neither is skipped or repeated at a page edge.
      created.push(await createCategory(app, admin, { name: 'Desks', parentId: root.id }));

      const children = await everyPage(`parentId=${root.id}`, 3);
      const expected = await db.query<Array<{ id: string }>>(`SELECT id FROM categories WHERE parent_id = $1 AND deleted_at IS NULL ORDER BY name, id`, [
        root.id,
      ]);
      expect(children.map((category) => category.id)).toEqual(expected.map(({ id }) => id));
      expect(new Set(children.map((category) => category.id))).toEqual(new Set(created.map((category) => category.id)));

      const all = await everyPage('', 4);
      const ids = all.map((category) => category.id);
      expect(new Set(ids).size).toBe(ids.length);
      const live = await db.query<Array<{ id: string }>>(`SELECT id FROM categories WHERE deleted_at IS NULL ORDER BY name, id`);
      expect(ids).toEqual(live.map(({ id }) => id));
    });
  });

  describe('read', () => {
    it('finds a category by id or slug with the count of its active, live products, and honours If-None-Match', async () => {
      const category = await createCategory(app, admin);
      const child = await createCategory(app, admin, { parentId: category.id });
      await createProduct(app, admin, { categoryId: category.id });
      await createProduct(app, admin, { categoryId: category.id });
      await createProduct(app, admin, { categoryId: category.id, isActive: false });
      const deleted = await createProduct(app, admin, { categoryId: category.id });
      expect((await app.inject({ method: 'DELETE', url: `/api/v1/products/${deleted.id}`, headers: bearer(admin) })).statusCode).toBe(204);
      await createProduct(app, admin, { categoryId: child.id });

      const byId = await get(category.id);
      expect(byId.statusCode).toBe(200);
      expect(byId.json()).toMatchObject({ id: category.id, slug: category.slug, productCount: 2 });
      expect(byId.json()).not.toHaveProperty('products');
      const bySlug = await get(category.slug);
      expect(bySlug.statusCode).toBe(200);
      expect(bySlug.json()).toEqual(byId.json());
      expect(bySlug.headers.etag).toBe(byId.headers.etag);

      const notModified = await get(category.id, { 'if-none-match': byId.headers.etag as string });
      expect(notModified.statusCode).toBe(304);
      expect(notModified.body).toBe('');
      expect((await get(category.slug, { 'if-none-match': '"1-someone-else"' })).statusCode).toBe(200);

      const missing = await get('no-such-category');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('NOT_FOUND');
      expect((await get(randomUUID())).statusCode).toBe(404);
    });

    it('changes the ETag when the product count it shows changes', async () => {
      const category = await createCategory(app, admin);
      const first = await get(category.id);
      expect(first.json().productCount).toBe(0);
      await createProduct(app, admin, { categoryId: category.id });

      const revalidated = await get(category.id, { 'if-none-match': first.headers.etag as string });
      // A 304 here would leave the client showing productCount 0: the representation changed, so must the ETag.
      expect({ status: revalidated.statusCode, etagUnchanged: revalidated.headers.etag === first.headers.etag }).toEqual({ status: 200, etagUnchanged: false });
      expect(revalidated.json().productCount).toBe(1);
    });

    it('includes the first page of products, newest first, with a cursor to the rest', async () => {
      const small = await createCategory(app, admin);
      const smallProducts = [await createProduct(app, admin, { categoryId: small.id }), await createProduct(app, admin, { categoryId: small.id })];
      const large = await createCategory(app, admin);
      const largeProducts = [];
      for (let index = 0; index < 25; index++) largeProducts.push(await createProduct(app, admin, { categoryId: large.id }));
      await createProduct(app, admin, { categoryId: large.id, isActive: false });
      const newestFirst = largeProducts.map((product) => product.id).reverse();

      const detail = (await get(`${large.slug}?include=products`)).json();
      expect(detail).toMatchObject({ id: large.id, productCount: 25 });
      expect(detail.products.data).toHaveLength(20);
      expect(detail.products.data.map((product: { id: string }) => product.id)).toEqual(newestFirst.slice(0, 20));
      expect(detail.products.data[0]).toMatchObject({ categoryId: large.id, sku: largeProducts[24].sku });
      expect(detail.products.page).toMatchObject({ limit: 20, hasMore: true, nextCursor: expect.any(String) });

      // The cursor continues in the products list, with the same order and filter.
      const rest = await app.inject({ method: 'GET', url: `/api/v1/products?categoryId=${large.id}&cursor=${detail.products.page.nextCursor}` });
      expect(rest.statusCode).toBe(200);
      expect(rest.json().data.map((product: { id: string }) => product.id)).toEqual(newestFirst.slice(20));
      expect(rest.json().page).toMatchObject({ hasMore: false, nextCursor: null });

      const smallDetail = (await get(`${small.id}?include=products`)).json();
      expect(smallDetail.products.data.map((product: { id: string }) => product.id)).toEqual(smallProducts.map((product) => product.id).reverse());
      expect(smallDetail.products.page).toEqual({ limit: 20, hasMore: false, nextCursor: null });
      const empty = (await get(`${(await createCategory(app, admin)).id}?include=products`)).json();
      expect(empty.products).toEqual({ data: [], page: { limit: 20, hasMore: false, nextCursor: null } });
      expect((await get(`${small.id}?include=children`)).statusCode).toBe(400);
    });

    it('loads included products with a fixed number of queries, whatever their number (no N+1)', async () => {
      const small = await createCategory(app, admin);
      for (let index = 0; index < 2; index++) await createProduct(app, admin, { categoryId: small.id });
      const large = await createCategory(app, admin);
      for (let index = 0; index < 25; index++) await createProduct(app, admin, { categoryId: large.id });

      const spy = jest.spyOn(app.get(ReadRouter), 'query');
      try {
        const queriesFor = async (id: string) => {
          spy.mockClear();
          const response = await get(`${id}?include=products`);
          expect(response.statusCode).toBe(200);
          return spy.mock.calls.length;
        };
        const forSmall = await queriesFor(small.id);
        const forLarge = await queriesFor(large.id);
        expect(forLarge).toBe(forSmall);
        expect(forSmall).toBeLessThanOrEqual(2);
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('update', () => {
    it('applies If-Match: the current ETag succeeds, a stale one gets 412 and changes nothing', async () => {
      const category = await createCategory(app, admin);
      const etag = (await get(category.id)).headers.etag as string;
      const renamed = await patch(category.id, { name: 'Renamed', slug: `renamed-${category.slug}` }, { 'if-match': etag });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toMatchObject({ name: 'Renamed', version: 2 });
      expect(renamed.headers.etag).not.toBe(etag);

      const stale = await patch(category.id, { name: 'Stale' }, { 'if-match': etag });
      expect(stale.statusCode).toBe(412);
      expect(stale.json().code).toBe('PRECONDITION_FAILED');
      expect((await get(category.id)).json()).toMatchObject({ name: 'Renamed', version: 2 });
      expect((await patch(category.id, { name: 'Again' }, { 'if-match': renamed.headers.etag as string })).statusCode).toBe(200);

      expect((await patch(randomUUID(), { name: 'Nobody' })).statusCode).toBe(404);
      expect((await patch(category.id, { version: 1 })).statusCode).toBe(400);
      const customerPatch = await app.inject({
        method: 'PATCH',
        url: `/api/v1/categories/${category.id}`,
        headers: bearer(customer),
        payload: { name: 'Mine' },
      });
      expect(customerPatch.statusCode).toBe(403);
    });

    it('moves a category to another parent or to the top level', async () => {
      const [from, to] = [await createCategory(app, admin), await createCategory(app, admin)];
      const moving = await createCategory(app, admin, { parentId: from.id });

      const moved = await patch(moving.id, { parentId: to.id });
      expect(moved.statusCode).toBe(200);
      expect(moved.json()).toMatchObject({ parentId: to.id, version: 2 });
      expect((await list(`?parentId=${to.id}`)).json().data.map((category: Category) => category.id)).toEqual([moving.id]);
      expect((await list(`?parentId=${from.id}`)).json().data).toEqual([]);

      const top = await patch(moving.id, { parentId: null });
      expect(top.statusCode).toBe(200);
      expect(top.json().parentId).toBeNull();
      expect((await row(moving.id)).parentId).toBeNull();

      const gone = await createCategory(app, admin);
      expect((await remove(gone.id)).statusCode).toBe(204);
      const toDeleted = await patch(moving.id, { parentId: gone.id });
      expect(toDeleted.statusCode).toBe(400);
      expect(toDeleted.json().errors).toEqual([expect.objectContaining({ field: 'parentId' })]);
    });

    it('refuses a parent that would close a cycle: the category itself or one of its descendants', async () => {
      const top = await createCategory(app, admin);
      const child = await createCategory(app, admin, { parentId: top.id });
      const grandchild = await createCategory(app, admin, { parentId: child.id });

      for (const [id, parentId] of [
        [top.id, top.id],
        [top.id, grandchild.id],
        [top.id, child.id],
        [child.id, grandchild.id],
      ]) {
        const response = await patch(id, { parentId });
        expect({ id, parentId, status: response.statusCode }).toEqual({ id, parentId, status: 400 });
        expect(response.json().errors).toEqual([expect.objectContaining({ field: 'parentId' })]);
      }
      expect(await row(top.id)).toMatchObject({ parentId: null, version: 1 });
      expect(await row(child.id)).toMatchObject({ parentId: top.id, version: 1 });
      expect(await db.query(CYCLES_SQL)).toEqual([]);
    });

    it('never lets two concurrent re-parentings make a cycle', async () => {
      for (let round = 0; round < 5; round++) {
        const [a, b] = [await createCategory(app, admin), await createCategory(app, admin)];
        const [aUnderB, bUnderA] = await Promise.all([patch(a.id, { parentId: b.id }), patch(b.id, { parentId: a.id })]);
        const statuses = [aUnderB.statusCode, bUnderA.statusCode];
        expect({ round, statuses: [...statuses].sort() }).toEqual({ round, statuses: [200, 400] });
        expect(await db.query(CYCLES_SQL)).toEqual([]);
        const [rowA, rowB] = [await row(a.id), await row(b.id)];
        expect(rowA.parentId === b.id && rowB.parentId === a.id).toBe(false);
        expect(aUnderB.statusCode === 200 ? rowA.parentId : rowB.parentId).toBe(aUnderB.statusCode === 200 ? b.id : a.id);
      }
    });
  });

  describe('delete', () => {
    it('deletes an empty category: then 404, and its slug can be used again', async () => {
      const category = await createCategory(app, admin, { slug: 'seasonal' });
      const deleted = await remove(category.id);
      expect(deleted.statusCode).toBe(204);
      expect(deleted.body).toBe('');
      expect((await get(category.id)).statusCode).toBe(404);
      expect((await get('seasonal')).statusCode).toBe(404);
      expect((await list('?limit=100')).json().data.map((item: Category) => item.id)).not.toContain(category.id);
      expect((await remove(category.id)).statusCode).toBe(404);

      const again = await post({ name: 'Seasonal', slug: 'seasonal' });
      expect(again.statusCode).toBe(201);
      expect(again.json().id).not.toBe(category.id);
      expect((await get('seasonal')).json().id).toBe(again.json().id);

      const customerDelete = await app.inject({ method: 'DELETE', url: `/api/v1/categories/${again.json().id}`, headers: bearer(customer) });
      expect(customerDelete.statusCode).toBe(403);
      const stale = await remove(again.json().id, '', { 'if-match': '"9-nope"' });
      expect(stale.statusCode).toBe(412);
      expect((await get('seasonal')).statusCode).toBe(200);
    });

    it('refuses a category with products or sub-categories with 409 CATEGORY_NOT_EMPTY, changing nothing', async () => {
      const withProduct = await createCategory(app, admin);
      const product = await createProduct(app, admin, { categoryId: withProduct.id });
      const withChild = await createCategory(app, admin);
      const child = await createCategory(app, admin, { parentId: withChild.id });

      for (const category of [withProduct, withChild]) {
        const before = await row(category.id);
        const response = await remove(category.id);
        expect(response.statusCode).toBe(409);
        expect(response.json()).toMatchObject({ status: 409, code: 'CATEGORY_NOT_EMPTY' });
        expect(await row(category.id)).toEqual(before);
        expect((await get(category.id)).statusCode).toBe(200);
      }
      expect((await app.inject({ method: 'GET', url: `/api/v1/products/${product.id}` })).json()).toMatchObject({ categoryId: withProduct.id, version: 1 });
      expect((await get(child.id)).json()).toMatchObject({ parentId: withChild.id, version: 1 });
      expect((await remove(withProduct.id, '?force=maybe')).statusCode).toBe(400);
    });

    it('with force=true, uncategorises its products and moves its sub-categories up to its parent', async () => {
      const grandparent = await createCategory(app, admin);
      const doomed = await createCategory(app, admin, { parentId: grandparent.id });
      const children = [await createCategory(app, admin, { parentId: doomed.id }), await createCategory(app, admin, { parentId: doomed.id })];
      const grandchild = await createCategory(app, admin, { parentId: children[0].id });
      const products = [
        await createProduct(app, admin, { categoryId: doomed.id }),
        await createProduct(app, admin, { categoryId: doomed.id, isActive: false }),
      ];
      const elsewhere = await createProduct(app, admin, { categoryId: children[1].id });

      expect((await remove(doomed.id, '?force=true')).statusCode).toBe(204);
      expect((await get(doomed.id)).statusCode).toBe(404);

      for (const product of products) {
        // As staff: the second product is unpublished, which only staff can read.
        const response = await app.inject({ method: 'GET', url: `/api/v1/products/${product.id}`, headers: bearer(admin) });
        expect(response.statusCode).toBe(200);
        expect(response.json()).toMatchObject({ categoryId: null, version: 2 });
      }
      expect((await app.inject({ method: 'GET', url: `/api/v1/products/${elsewhere.id}` })).json().categoryId).toBe(children[1].id);
      for (const child of children) expect((await get(child.id)).json()).toMatchObject({ parentId: grandparent.id, version: 2 });
      expect((await get(grandchild.id)).json()).toMatchObject({ parentId: children[0].id, version: 1 });
      expect(
        (await list(`?parentId=${grandparent.id}`))
          .json()
          .data.map((category: Category) => category.id)
          .sort(),
      ).toEqual(children.map(({ id }) => id).sort());

      // At the top level, the sub-categories become top-level ones.
      const top = await createCategory(app, admin);
      const orphan = await createCategory(app, admin, { parentId: top.id });
      expect((await remove(top.id, '?force=true')).statusCode).toBe(204);
      expect((await get(orphan.id)).json().parentId).toBeNull();
    });

    it('never leaves live products or sub-categories in a category deleted at the same time as they are added', async () => {
      const outcomes: string[] = [];
      for (let round = 0; round < 20; round++) {
        const parent = await createCategory(app, admin);
        const [deleted, product, child] = await Promise.all([
          remove(parent.id, round % 2 ? '?force=true' : ''),
          createProduct(app, admin, { categoryId: parent.id }).then(
            () => 201,
            (error: Error) => Number(/createProduct: (\d+)/.exec(error.message)?.[1]),
          ),
          post({ name: `Racing child ${round}`, parentId: parent.id }),
        ]);
        outcomes.push(`${round % 2 ? 'force ' : ''}DELETE ${deleted.statusCode}, product ${product}, child ${child.statusCode}`);
      }
      // Whichever commits first, the other must see it: either the delete refuses (409) or releases them (force),
      // or the additions are refused (400). A live row pointing at a deleted category is invisible in every tree walk.
      const stranded = await db.query(`
        SELECT 'product' AS kind, p.id FROM products p JOIN categories c ON c.id = p.category_id WHERE p.deleted_at IS NULL AND c.deleted_at IS NOT NULL
        UNION ALL
        SELECT 'category', c.id FROM categories c JOIN categories parent ON parent.id = c.parent_id WHERE c.deleted_at IS NULL AND parent.deleted_at IS NOT NULL`);
      expect({ stranded, outcomes }).toEqual({ stranded: [], outcomes });
    });
  });
});
