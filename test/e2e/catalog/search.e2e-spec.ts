import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { ReadRouter } from '../../../src/database/read-router';
import { Role } from '../../../src/users/role';
import { bootApp } from '../../harness/app';
import { createCategory, createProduct } from '../../harness/catalog-factories';
import { signedIn } from '../../harness/factories';
import { isolatedDatabaseEnv } from '../../harness/isolated-database';

/**
 * Relevance, facets and suggestions on a fixed data set, under both plans a tier can have: read from the
 * full-text index (`index`) and the walk of the newest products (`walk`). Both must give the same answers.
 */
describe.each(['index', 'walk'] as const)('Search (CATALOG_SEARCH_PLAN=%s)', (plan) => {
  let app: NestFastifyApplication;
  let admin: string;
  let categories: { lighting: string; furniture: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await bootApp({
      env: { ...(await isolatedDatabaseEnv()), REDIS_KEY_PREFIX: `test-${randomUUID()}:`, CATALOG_CACHE_ENABLED: 'false', CATALOG_SEARCH_PLAN: plan },
    });
    admin = (await signedIn(app, Role.Admin)).accessToken;
    categories = {
      lighting: (await createCategory(app, admin, { name: 'Lighting' })).id,
      furniture: (await createCategory(app, admin, { name: 'Furniture' })).id,
    };
    // Created oldest first: within a tier the newest ranks first.
    const products: Array<[string, Record<string, unknown>]> = [
      ['oldLamp', { name: 'Brass Lamp', categoryId: categories.lighting, price: 900 }],
      ['newLamp', { name: 'Copper Lamp', categoryId: categories.lighting, price: 4900 }],
      ['lampshade', { name: 'Linen Lampshade', categoryId: categories.lighting, price: 2900 }],
      ['chair', { name: 'Reading Chair', description: 'Pairs well with a lamp', categoryId: categories.furniture, price: 19900 }],
      ['basket', { name: 'Wicker Basket', categoryId: categories.furniture, price: 3900 }],
      ['mask', { name: 'Leather Mask', price: 2500 }],
      ['hidden', { name: 'Hidden Lamp', isActive: false, categoryId: categories.lighting }],
    ];
    for (const [key, values] of products) ids[key] = (await createProduct(app, admin, values)).id;
  });

  afterAll(async () => {
    await app.close();
  });

  const get = (url: string) => app.inject({ method: 'GET', url });
  const names = async (q: string, extra = '') => {
    const response = await get(`/api/v1/products?q=${encodeURIComponent(q)}${extra}`);
    expect(response.statusCode).toBe(200);
    return response.json().data.map((product: { name: string }) => product.name);
  };

  it('ranks whole words in the name above starts of words above description-only matches; newest first within each', async () => {
    expect(await names('lamp')).toEqual(['Copper Lamp', 'Brass Lamp', 'Linen Lampshade', 'Reading Chair']);
    expect(await names('copper lamp')).toEqual(['Copper Lamp']);
  });

  it('ranks starts of words above corrected typos, and corrects a typo only when no known word is typed', async () => {
    // "bask" starts "basket"; it is also one letter away from "mask".
    expect(await names('bask')).toEqual(['Wicker Basket', 'Leather Mask']);
    // Typos too: in the name above in the description.
    expect(await names('lmap')).toEqual(['Copper Lamp', 'Brass Lamp', 'Reading Chair']);
    expect(await names('wicker baskte')).toEqual(['Wicker Basket']);
    expect(await names('mask')).toEqual(['Leather Mask']);
  });

  it('applies the filters, and finds nothing for words that match nothing or no words at all', async () => {
    expect(await names('lamp', `&categoryId=${categories.furniture}`)).toEqual(['Reading Chair']);
    expect(await names('lamp', '&maxPrice=1000')).toEqual(['Brass Lamp']);
    expect(await names('xyzzy')).toEqual([]);
    expect(await names('!!!')).toEqual([]);
    expect(await names('the')).toEqual([]);
  });

  it('pages through the tiers by cursor, each product once, in relevance order', async () => {
    const seen: string[] = [];
    let url = `/api/v1/products?q=lamp&limit=1`;
    for (let page = 0; page < 10; page += 1) {
      const body = (await get(url)).json();
      seen.push(...body.data.map((product: { name: string }) => product.name));
      if (!body.page.nextCursor) break;
      url = `/api/v1/products?q=lamp&limit=1&cursor=${encodeURIComponent(body.page.nextCursor)}`;
    }
    expect(seen).toEqual(['Copper Lamp', 'Brass Lamp', 'Linen Lampshade', 'Reading Chair']);
    const offset = (await get('/api/v1/products?q=lamp&limit=2&page=2')).json();
    expect(offset.data.map((product: { name: string }) => product.name)).toEqual(['Linen Lampshade', 'Reading Chair']);
    expect(offset.page).toMatchObject({ total: 4, totalPages: 2 });
  });

  it('refuses a cursor of another list or sort', async () => {
    const byPrice = (await get('/api/v1/products?q=lamp&limit=1&sort=price')).json();
    expect(byPrice.data.map((product: { name: string }) => product.name)).toEqual(['Brass Lamp']);
    const response = await get(`/api/v1/products?q=lamp&limit=1&cursor=${encodeURIComponent(byPrice.page.nextCursor)}`);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'INVALID_CURSOR' });
  });

  it('counts matches per category (with names) and per price bucket for the current filters', async () => {
    const response = await get('/api/v1/products?q=lamp&facets=category,price&limit=1');
    expect(response.statusCode).toBe(200);
    const { facets, data } = response.json();
    expect(data).toHaveLength(1);
    expect(facets.approximate).toBe(false);
    expect(facets.counted).toBe(4);
    expect(facets.category).toEqual([
      { id: categories.lighting, name: 'Lighting', count: 3 },
      { id: categories.furniture, name: 'Furniture', count: 1 },
    ]);
    expect(facets.price).toEqual([
      { min: 0, max: 1000, count: 1 },
      { min: 1000, max: 2500, count: 0 },
      { min: 2500, max: 5000, count: 2 },
      { min: 5000, max: 10000, count: 0 },
      { min: 10000, max: 25000, count: 1 },
      { min: 25000, max: 50000, count: 0 },
      { min: 50000, max: null, count: 0 },
    ]);
    const filtered = (await get(`/api/v1/products?q=lamp&facets=category&categoryId=${categories.lighting}`)).json().facets;
    expect(filtered).toEqual({ approximate: false, counted: 3, category: [{ id: categories.lighting, name: 'Lighting', count: 3 }] });
    expect((await get('/api/v1/products?q=lamp&facets=colour')).statusCode).toBe(400);
    expect((await get('/api/v1/products?facets=price')).json().facets.counted).toBe(6);
  });

  it('suggests distinct names of active products for a prefix, typo-tolerant from 4 letters', async () => {
    const suggest = async (q: string) => {
      const response = await get(`/api/v1/products/suggestions?q=${encodeURIComponent(q)}`);
      expect(response.statusCode).toBe(200);
      return response.json().data;
    };
    // "lam" is no word: every name starts a word with it, newest first.
    expect(await suggest('lam')).toEqual(['Linen Lampshade', 'Copper Lamp', 'Brass Lamp']);
    expect(await suggest('lamp')).toEqual(['Copper Lamp', 'Brass Lamp', 'Linen Lampshade']);
    expect(await suggest('lmap')).toEqual(['Linen Lampshade', 'Copper Lamp', 'Brass Lamp']);
    expect(await suggest('wicker bas')).toEqual(['Wicker Basket']);
    expect(await suggest('lm')).toEqual([]);
    expect((await get('/api/v1/products/suggestions?q=lamp&limit=1')).json().data).toEqual(['Copper Lamp']);
    expect((await get('/api/v1/products/suggestions')).statusCode).toBe(400);
    expect((await get('/api/v1/products/suggestions?q=lam&limit=11')).statusCode).toBe(400);
  });

  it('runs its queries without parallel workers, whose start alone costs a search more than its plan', async () => {
    expect(await app.get(DataSource).query('SHOW max_parallel_workers_per_gather')).toEqual([{ max_parallel_workers_per_gather: '0' }]);
  });

  it('sees a renamed product under its new name, typos included', async () => {
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${ids.basket}`,
      headers: { authorization: `Bearer ${admin}` },
      payload: { name: 'Wicker Hamper' },
    });
    expect(await names('hampre')).toEqual(['Wicker Hamper']);
    expect(await names('basket')).toEqual([]);
  });
});

describe('Search answers through the catalog cache and in the OpenAPI document', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await bootApp({ env: { ...(await isolatedDatabaseEnv()), REDIS_KEY_PREFIX: `test-${randomUUID()}:` } });
    const admin = (await signedIn(app, Role.Admin)).accessToken;
    await createProduct(app, admin, { name: 'Cached Lantern', price: 1500 });
  });

  afterAll(async () => {
    await app.close();
  });

  it.each(['/api/v1/products?q=lantern&facets=category,price', '/api/v1/products/suggestions?q=lant'])('caches %s like a page', async (url) => {
    const first = await app.inject({ method: 'GET', url });
    const second = await app.inject({ method: 'GET', url });
    expect([first.statusCode, first.headers['x-cache'], second.statusCode, second.headers['x-cache']]).toEqual([200, 'MISS', 200, 'HIT']);
    expect(second.body).toBe(first.body);
    expect(second.headers['cache-control']).toMatch(/^public, max-age=/);
  });

  it('documents facets and suggestions for generated clients', async () => {
    const document = (await app.inject({ method: 'GET', url: '/docs-json' })).json();
    const schemas = document.components.schemas;
    expect(schemas.ProductPageDto.properties.facets).toMatchObject({ allOf: [{ $ref: '#/components/schemas/ProductFacetsDto' }] });
    expect(schemas.ProductPageDto.required).not.toContain('facets');
    expect(schemas.ProductFacetsDto.required).toEqual(['approximate', 'counted']);
    expect(schemas.PriceBucketDto.properties.max).toMatchObject({ type: 'number', nullable: true });
    const list = document.paths['/api/v1/products'].get.parameters.map((parameter: { name: string }) => parameter.name);
    expect(list).toEqual(expect.arrayContaining(['q', 'facets']));
    const suggestions = document.paths['/api/v1/products/suggestions'].get;
    expect(suggestions.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/SuggestionsDto' });
    expect(schemas.SuggestionsDto.properties.data).toMatchObject({ type: 'array', items: { type: 'string' } });
  });
});

describe('Search facets beyond the exact cap', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await bootApp({
      env: { ...(await isolatedDatabaseEnv()), REDIS_KEY_PREFIX: `test-${randomUUID()}:`, CATALOG_CACHE_ENABLED: 'false', CATALOG_FACET_EXACT_CAP: '100' },
    });
    const admin = (await signedIn(app, Role.Admin)).accessToken;
    await app
      .get(DataSource)
      .query(
        `INSERT INTO products (sku, name, slug, price, currency) SELECT 'ZEBRA-' || i, 'Zebra Print ' || i, 'zebra-' || i, 100 * i, 'EUR' FROM generate_series(1, 150) AS i`,
      );
    // A write through the API: reads from now on wait for a replica that has the rows above too.
    await createProduct(app, admin, { name: 'Zebra Rug' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('looks its words up once for the page and the facets it asks for at the same time', async () => {
    const spy = jest.spyOn(app.get(ReadRouter), 'query');
    const response = await app.inject({ method: 'GET', url: '/api/v1/products?q=zebra%20print&facets=category' });
    expect(response.statusCode).toBe(200);
    expect(spy.mock.calls.filter(([sql]) => sql.includes('search_word_variants'))).toHaveLength(1);
    spy.mockRestore();
  });

  it('counts at most the cap and says the counts are approximate, at a bounded cost', async () => {
    const spy = jest.spyOn(app.get(ReadRouter), 'query');
    const response = await app.inject({ method: 'GET', url: '/api/v1/products?q=zebra&facets=price&limit=5' });
    expect(response.statusCode).toBe(200);
    const { facets, data } = response.json();
    expect(data).toHaveLength(5);
    expect(facets).toMatchObject({ approximate: true, counted: 100 });
    expect(facets.price.reduce((sum: number, bucket: { count: number }) => sum + bucket.count, 0)).toBe(100);
    const facetSql = spy.mock.calls.map(([sql]) => sql).find((sql) => sql.includes('width_bucket'));
    expect(facetSql).toMatch(/FROM matches LIMIT \$\d+\)/);
    spy.mockRestore();
  });
});
