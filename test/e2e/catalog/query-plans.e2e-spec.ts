import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { ReadRouter } from '../../../src/database/read-router';
import { OFFSET_TOTAL_CAP } from '../../../src/products/dto/list-products-query.dto';
import { Role } from '../../../src/users/role';
import { bootApp } from '../../harness/app';
import { createCategory } from '../../harness/catalog-factories';
import { bearer, signedIn } from '../../harness/factories';
import { isolatedDatabaseEnv } from '../../harness/isolated-database';

/** The indexes the catalog migrations create for catalog reads (primary keys included). */
const CATALOG_INDEXES = [
  'products_created_idx',
  'products_price_idx',
  'products_name_idx',
  'products_category_price_idx',
  'products_category_stock_idx',
  'products_category_created_idx',
  'products_name_search_idx',
  'products_search_idx',
  'products_sku_key',
  'products_slug_key',
  'search_word_variants_pkey',
  'products_pkey',
  'categories_name_idx',
  'categories_parent_name_idx',
  'categories_slug_key',
  'categories_pkey',
];
const CATALOG_TABLES = ['products', 'categories', 'search_word_variants'];
const INDEX_NODES = ['Index Scan', 'Index Only Scan', 'Bitmap Index Scan'];
const SORT_NODES = ['Sort', 'Incremental Sort'];

const PRODUCTS = 5_000;
const CATEGORIES = 300;
const CLEARANCE_PRODUCTS = 250;
const PAGE = 20;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Sort Key'?: string[];
  Filter?: string;
  'Plan Rows'?: number;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

interface CapturedQuery {
  sql: string;
  values: unknown[];
}

const nodesOf = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];

/** One line per plan node, indented: what a failure message shows. */
const describePlan = (plan: PlanNode, depth = 0): string[] => [
  [
    '  '.repeat(depth) + plan['Node Type'],
    plan['Relation Name'] && `on ${plan['Relation Name']}`,
    plan['Index Name'] && `using ${plan['Index Name']}`,
    plan['Index Cond'] && `cond ${plan['Index Cond']}`,
    plan.Filter && `filter ${plan.Filter}`,
    plan['Sort Key'] && `by ${plan['Sort Key'].join(', ')}`,
    plan['Actual Rows'] !== undefined ? `rows ${plan['Actual Rows']}, removed ${plan['Rows Removed by Filter'] ?? 0}` : `~${plan['Plan Rows']} rows`,
  ]
    .filter(Boolean)
    .join(' '),
  ...(plan.Plans ?? []).flatMap((child) => describePlan(child, depth + 1)),
];

/**
 * The plans of the exact SQL the app sends for each list shape. Sequential scans are switched off for the EXPLAIN:
 * on a table of a few thousand rows the planner would rightly prefer one, and the question here is whether an
 * index CAN serve the query (a missing or unusable index shows up as a Seq Scan even then).
 */
describe('Query plans', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let spy: jest.SpiedFunction<ReadRouter['query']>;
  const ids = { root: '', child: '', clearance: '' };

  beforeAll(async () => {
    app = await bootApp({ env: { ...(await isolatedDatabaseEnv()), REDIS_KEY_PREFIX: `test-${randomUUID()}:`, CATALOG_CACHE_ENABLED: 'false' } });
    db = app.get(DataSource);
    const admin = (await signedIn(app, Role.Admin)).accessToken;
    ids.root = (await createCategory(app, admin, { name: 'Furniture' })).id;
    ids.child = (await createCategory(app, admin, { name: 'Tables', parentId: ids.root })).id;
    ids.clearance = (await createCategory(app, admin, { name: 'Clearance' })).id;

    await db.query(
      `INSERT INTO categories (name, slug, parent_id)
       SELECT 'Bulk category ' || i, 'bulk-category-' || i, CASE WHEN i % 3 = 0 THEN NULL ELSE $1::uuid END FROM generate_series(1, $2::int) AS i`,
      [ids.root, CATEGORIES],
    );
    // Spread over categories (one in ten uncategorised), prices and stock, with a few inactive and soft-deleted rows.
    await db.query(
      `INSERT INTO products (sku, name, slug, description, price, currency, stock, category_id, is_active, created_at, deleted_at)
       SELECT 'BULK-' || i,
              -- A rare material too: a typo search is served by the trigram index only where a typo is selective
              -- (for a word in a fifth of the names the planner rightly prefers reading a whole index).
              CASE WHEN i % 97 = 0 THEN 'Mahogany' ELSE (ARRAY['Oak', 'Pine', 'Walnut', 'Brass', 'Steel'])[1 + i % 5] END || ' ' || (ARRAY['table', 'chair', 'lamp', 'shelf', 'desk', 'bench', 'rug'])[1 + i % 7] || ' ' || i,
              'bulk-' || i,
              'A sturdy piece for the ' || (ARRAY['living room', 'kitchen', 'garden', 'office'])[1 + i % 4],
              (i * 7919) % 100000,
              'EUR',
              i % 4,
              CASE WHEN i % 10 = 0 THEN NULL WHEN i % 10 < 4 THEN $1::uuid WHEN i % 10 < 7 THEN $2::uuid
                   ELSE (SELECT id FROM categories WHERE slug = 'bulk-category-' || (1 + i % $4::int)) END,
              i % 50 <> 0,
              now() - i * interval '1 minute',
              CASE WHEN i % 97 = 0 THEN now() END
         FROM generate_series(1, $3::int) AS i`,
      [ids.root, ids.child, PRODUCTS, CATEGORIES],
    );
    // A category whose products all sit at one end of the global orders: the cheapest and the oldest.
    await db.query(
      `INSERT INTO products (sku, name, slug, price, currency, stock, category_id, created_at)
       SELECT 'CLEAR-' || i, 'Clearance item ' || i, 'clearance-' || i, i % 50, 'EUR', 1, $1, now() - interval '10 years' - i * interval '1 minute'
         FROM generate_series(1, $2::int) AS i`,
      [ids.clearance, CLEARANCE_PRODUCTS],
    );
    // Statistics, and the GIN pending lists merged into the indexes, as autovacuum would have done.
    await db.query('VACUUM ANALYZE products');
    await db.query('VACUUM ANALYZE categories');
    // A write through the API: reads from now on wait for a replica that has the bulk rows too.
    await createCategory(app, admin, { name: 'Lighting' });
    spy = jest.spyOn(app.get(ReadRouter), 'query');
  });

  afterAll(async () => {
    spy?.mockRestore();
    await app.close();
  });

  /** The SQL and parameters the app sends to the database while answering `url`. */
  async function queriesFor(url: string): Promise<CapturedQuery[]> {
    spy.mockClear();
    const response = await app.inject({ method: 'GET', url });
    expect({ url, status: response.statusCode }).toEqual({ url, status: 200 });
    // The search statistics (pg_stats, read every few minutes) are no catalog query.
    const queries = spy.mock.calls.map(([sql, values]) => ({ sql, values })).filter((query) => !/FROM pg_stats/.test(query.sql));
    expect(queries.length).toBeGreaterThan(0);
    return queries;
  }

  /** The URL of the page after the first one of `url`, through its `nextCursor`. */
  async function secondPage(url: string): Promise<string> {
    const first = await app.inject({ method: 'GET', url });
    const cursor = first.json().page.nextCursor;
    expect({ url, cursor }).toEqual({ url, cursor: expect.any(String) });
    return `${url}${url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;
  }

  async function planOf(query: CapturedQuery, options: { analyze?: boolean; indexesOnly?: boolean } = {}): Promise<PlanNode> {
    return db.transaction(async (manager) => {
      if (!options.analyze || options.indexesOnly) await manager.query('SET LOCAL enable_seqscan = off');
      const [row] = await manager.query(`EXPLAIN (${options.analyze ? 'ANALYZE, ' : ''}FORMAT JSON) ${query.sql}`, query.values);
      return row['QUERY PLAN'][0].Plan as PlanNode;
    });
  }

  /** What the assertions look at. */
  function analyse(query: CapturedQuery, plan: PlanNode) {
    const nodes = nodesOf(plan);
    const indexNodes = nodes.filter((node) => INDEX_NODES.includes(node['Node Type']));
    return {
      seqScans: nodes.filter((node) => node['Node Type'] === 'Seq Scan' && CATALOG_TABLES.includes(node['Relation Name'] ?? '')).length,
      // A bitmap scan with no condition reads the whole index: a sequential scan in disguise.
      wholeIndexBitmaps: indexNodes.filter((node) => node['Node Type'] === 'Bitmap Index Scan' && !node['Index Cond']).length,
      catalogIndexes: [...new Set(indexNodes.map((node) => node['Index Name'] ?? '').filter((name) => CATALOG_INDEXES.includes(name)))],
      sorts: nodes.filter((node) => SORT_NODES.includes(node['Node Type'])).length,
      computesTsvector: /to_tsvector/i.test(query.sql) || /to_tsvector/i.test(JSON.stringify(plan)),
    };
  }

  /** 'ok', or the broken rules with the SQL, its parameters and the plan, so that a failure explains itself. */
  function verdict(label: string, query: CapturedQuery, plan: PlanNode, broken: Array<string | false>): unknown {
    const reasons = broken.filter(Boolean);
    if (!reasons.length) return 'ok';
    return { label, reasons, sql: query.sql.replace(/\s+/g, ' '), values: JSON.stringify(query.values).slice(0, 300), plan: describePlan(plan) };
  }

  /** The rules every list query must follow, plus `uses` (indexes it must use) and `ordered` (no Sort). */
  function planRules(query: CapturedQuery, plan: PlanNode, options: { uses?: string[]; ordered?: boolean } = {}): Array<string | false> {
    const facts = analyse(query, plan);
    return [
      facts.seqScans > 0 && 'a sequential scan on a catalog table',
      facts.wholeIndexBitmaps > 0 && 'a bitmap scan of a whole index (no index condition)',
      facts.catalogIndexes.length === 0 && 'no catalog index used',
      ...(options.uses ?? []).map((index) => !facts.catalogIndexes.includes(index) && `${index} not used`),
      !!options.ordered && facts.sorts > 0 && 'a Sort node: no index gives the order',
      facts.computesTsvector && 'to_tsvector computed at query time',
    ];
  }

  interface Shape {
    url: () => string;
    /** Indexes the plan must use (besides the general rule: some catalog index, no sequential scan). */
    uses?: string[];
    /** The index gives the rows in the requested order: no Sort node. */
    ordered?: boolean;
  }

  const SHAPES: Record<string, Shape> = {
    'products, default order (-createdAt)': { url: () => '/api/v1/products', uses: ['products_created_idx'], ordered: true },
    'products, sort=createdAt': { url: () => '/api/v1/products?sort=createdAt', uses: ['products_created_idx'], ordered: true },
    'products, sort=price': { url: () => '/api/v1/products?sort=price', uses: ['products_price_idx'], ordered: true },
    'products, sort=-price': { url: () => '/api/v1/products?sort=-price', uses: ['products_price_idx'], ordered: true },
    'products, sort=name': { url: () => '/api/v1/products?sort=name', uses: ['products_name_idx'], ordered: true },
    'products, sort=-name': { url: () => '/api/v1/products?sort=-name', uses: ['products_name_idx'], ordered: true },
    'products, categoryId + sort=price': { url: () => `/api/v1/products?categoryId=${ids.child}&sort=price` },
    'products, categoryId (default order)': { url: () => `/api/v1/products?categoryId=${ids.child}` },
    'products, categoryId + includeDescendants': { url: () => `/api/v1/products?categoryId=${ids.root}&includeDescendants=true` },
    'products, inStock=true': { url: () => '/api/v1/products?inStock=true', ordered: true },
    'products, minPrice + maxPrice': { url: () => '/api/v1/products?minPrice=1000&maxPrice=1500' },
    'products, q (search, a word being typed)': { url: () => '/api/v1/products?q=oak%20tab', uses: ['products_name_search_idx', 'products_search_idx'] },
    'products, q (search, typo)': { url: () => '/api/v1/products?q=pien', uses: ['products_name_search_idx', 'products_search_idx'] },
    'products, q + facets': { url: () => '/api/v1/products?q=oak&facets=category,price', uses: ['products_search_idx'] },
    'product suggestions': { url: () => '/api/v1/products/suggestions?q=wal', uses: ['products_name_search_idx'] },
    'products, q + categoryId': { url: () => `/api/v1/products?q=pine&categoryId=${ids.child}` },
    categories: { url: () => '/api/v1/categories', uses: ['categories_name_idx'], ordered: true },
    'categories, parentId': { url: () => `/api/v1/categories?parentId=${ids.root}`, uses: ['categories_parent_name_idx'], ordered: true },
    'categories, parentId=none': { url: () => '/api/v1/categories?parentId=none', ordered: true },
    'a category with its products (include=products)': { url: () => `/api/v1/categories/${ids.child}?include=products` },
  };

  it.each(Object.entries(SHAPES))('%s: an index serves every query', async (name, shape) => {
    const used = new Set<string>();
    for (const query of await queriesFor(shape.url())) {
      const plan = await planOf(query);
      analyse(query, plan).catalogIndexes.forEach((index) => used.add(index));
      expect(verdict(name, query, plan, planRules(query, plan, { ordered: shape.ordered }))).toBe('ok');
    }
    // A search is a vocabulary lookup and then the products: the indexes it must use may be in either.
    expect({ name, missing: (shape.uses ?? []).filter((index) => !used.has(index)) }).toEqual({ name, missing: [] });
  });

  it('searches the stored tsvectors: no statement or plan computes to_tsvector', async () => {
    for (const q of ['oak table', 'coff', 'walnutt', 'lamps']) {
      const queries = await queriesFor(`/api/v1/products?q=${encodeURIComponent(q)}`);
      expect(queries.some((query) => /p\.name_search @@ to_tsquery/.test(query.sql))).toBe(true);
      for (const query of queries) {
        const plan = await planOf(query);
        expect(verdict(q, query, plan, [analyse(query, plan).computesTsvector && 'to_tsvector computed at query time'])).toBe('ok');
      }
    }
  });

  /** Rows of `products` a plan read: those its scans returned plus those their filters threw away. */
  function productRowsRead(plan: PlanNode): number {
    return nodesOf(plan)
      .filter((node) => node['Relation Name'] === 'products')
      .reduce(
        (sum, node) =>
          sum +
          ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) * (node['Actual Loops'] ?? 1),
        0,
      );
  }

  /** The search statement (the one with the relevance tiers) of a search URL, with its plan under EXPLAIN ANALYZE. */
  async function searchPlan(url: string): Promise<{ query: CapturedQuery; plan: PlanNode }> {
    const query = (await queriesFor(url)).find((captured) => /tier1/.test(captured.sql));
    expect({ url, query: query ? 'found' : 'missing' }).toEqual({ url, query: 'found' });
    // At a few thousand rows the planner may rightly join the page's rows by reading the whole table; at a
    // million it looks them up by id. Under the index-only planner settings the plan is the one at scale.
    return { query: query!, plan: await planOf(query!, { analyze: true, indexesOnly: true }) };
  }

  // A broad word walks the newest products and stops at a full page (a fifth of them match: about 5 pages' rows,
  // then the page's own);
  // a rare one reads its matches from the index; words that are each common but never together read at most
  // CATALOG_SEARCH_WALK_ROWS (1,000) + CATALOG_SEARCH_WINDOW (250) rows per tier (here: the name's, the description's).
  it.each([
    ['a broad word (a fifth of the products)', 'oak', 8 * (PAGE + 1), 'products_created_idx'],
    ['a rare word (one product)', '4321', 3 * (PAGE + 1), 'products_name_search_idx'],
    ['two common words that never meet', 'oak walnut', 2 * (1_000 + 250 + PAGE + 1), 'products_created_idx'],
  ])('search for %s reads a bounded number of rows', async (label, q, bound, index) => {
    const { query, plan } = await searchPlan(`/api/v1/products?q=${encodeURIComponent(q)}`);
    const read = productRowsRead(plan);
    const used = analyse(query, plan).catalogIndexes;
    expect(verdict(label, query, plan, [read > bound && `${read} rows read, more than ${bound}`, !used.includes(index) && `${index} not used`])).toBe('ok');
  });

  // Left to the planner, a word that matches (almost) nothing under another order walks that order's whole index.
  it.each(['price', '-price', 'name', 'createdAt'])("a rare word sorted by %s reads its matches, not the order's index", async (sort) => {
    const query = (await queriesFor(`/api/v1/products?q=4321&sort=${sort}`)).find((captured) => /found AS/.test(captured.sql));
    const plan = await planOf(query!, { analyze: true });
    const read = productRowsRead(plan);
    expect(verdict(`q=4321&sort=${sort}`, query!, plan, [read > 3 * (PAGE + 1) && `${read} rows read, more than ${3 * (PAGE + 1)}`])).toBe('ok');
  });

  it('facets for a broad word read at most the exact cap of matches (500 of its 1,000)', async () => {
    const query = (await queriesFor('/api/v1/products?q=oak&facets=category,price')).find((captured) => /width_bucket/.test(captured.sql));
    const plan = await planOf(query!, { analyze: true, indexesOnly: true });
    const read = productRowsRead(plan);
    expect(verdict('facets', query!, plan, [read > 501 && `${read} rows read, more than 501`])).toBe('ok');
  });

  it.each([
    ['-createdAt', '/api/v1/products', 'products_created_idx'],
    ['price', '/api/v1/products?sort=price', 'products_price_idx'],
    ['-price', '/api/v1/products?sort=-price', 'products_price_idx'],
    ['name', '/api/v1/products?sort=name', 'products_name_idx'],
    ['name (categories)', '/api/v1/categories', 'categories_name_idx'],
  ])('keyset page 2, sort %s: the index seeks to the cursor and gives the order (no Sort)', async (sort, url, index) => {
    const queries = await queriesFor(await secondPage(url));
    expect(queries).toHaveLength(1);
    const [query] = queries;
    const plan = await planOf(query);
    const scan = nodesOf(plan).find((node) => node['Index Name'] === index);
    expect(
      verdict(`page 2, sort ${sort}`, query, plan, [
        ...planRules(query, plan, { uses: [index], ordered: true }),
        // The cursor is an index condition (a seek), not a filter over every row before it.
        !/^\(ROW\(/.test(scan?.['Index Cond'] ?? '') && `the cursor is not an index condition on ${index}`,
      ]),
    ).toBe('ok');
  });

  // The first page of a category must not depend on where its products sit in the global order. Measured with
  // EXPLAIN ANALYZE under the normal planner settings: the rows each scan returned plus those its filter threw away.
  it.each([
    ['-price', 'sort=-price'],
    ['-createdAt (default)', ''],
    ['price', 'sort=price'],
  ])("reads about one page of rows for a category's first page, sorted by %s", async (sort, query) => {
    const [captured] = await queriesFor(`/api/v1/products?categoryId=${ids.clearance}${query ? `&${query}` : ''}`);
    const plan = await planOf(captured, { analyze: true });
    const rowsRead = productRowsRead(plan);
    expect(verdict(`category first page, sort ${sort}`, captured, plan, [rowsRead > 3 * (PAGE + 1) && `${rowsRead} rows read for a page of ${PAGE}`])).toBe(
      'ok',
    );
  });
});

/**
 * Offset totals of anonymous callers count at most OFFSET_TOTAL_CAP + 1 matches: a Limit under the count's
 * Aggregate, measured with EXPLAIN ANALYZE on the exact SQL the app sends, with twice the cap of products matching.
 */
describe('Query plans: capped offset totals', () => {
  const MATCHING = 2 * OFFSET_TOTAL_CAP;
  const COUNT_SQL = /^SELECT count\(\*\) AS total FROM \(SELECT 1 FROM products p WHERE/;
  let app: NestFastifyApplication;
  let db: DataSource;
  let admin: string;
  let spy: jest.SpiedFunction<ReadRouter['query']>;

  beforeAll(async () => {
    app = await bootApp({ env: { ...(await isolatedDatabaseEnv()), REDIS_KEY_PREFIX: `test-${randomUUID()}:`, CATALOG_CACHE_ENABLED: 'false' } });
    db = app.get(DataSource);
    admin = (await signedIn(app, Role.Admin)).accessToken;
    await db.query(
      `INSERT INTO products (sku, name, slug, price, currency, stock, created_at)
       SELECT 'LAMP-' || i, 'Brass lamp ' || i, 'brass-lamp-' || i, i % 1000, 'EUR', 1 + i % 3, now() - i * interval '1 second'
         FROM generate_series(1, $1::int) AS i`,
      [MATCHING],
    );
    await db.query('VACUUM ANALYZE products');
    // A write through the API: reads from now on wait for a replica that has the bulk rows too.
    await createCategory(app, admin, { name: 'Lighting' });
    spy = jest.spyOn(app.get(ReadRouter), 'query');
  });

  afterAll(async () => {
    spy?.mockRestore();
    await app.close();
  });

  /** The count statement the app sends for `url`, the page info it answered, and the statement's analysed plan. */
  async function countFor(url: string, token?: string) {
    spy.mockClear();
    const response = await app.inject({ method: 'GET', url, headers: token ? bearer(token) : {} });
    expect({ url, status: response.statusCode }).toEqual({ url, status: 200 });
    const counts = spy.mock.calls.filter(([sql]) => COUNT_SQL.test(sql));
    expect({ url, counts: counts.length }).toEqual({ url, counts: 1 });
    const [sql, values] = counts[0];
    const plan = await db.transaction(async (manager) => {
      const [row] = await manager.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, values);
      return row['QUERY PLAN'][0].Plan as PlanNode;
    });
    const aggregate = nodesOf(plan).find((node) => node['Node Type'] === 'Aggregate');
    const limit = aggregate && nodesOf(aggregate).find((node) => node['Node Type'] === 'Limit');
    // Rows the scans of products returned or threw away.
    const read = nodesOf(plan)
      .filter((node) => node['Relation Name'] === 'products')
      .reduce((sum, node) => sum + ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * (node['Actual Loops'] ?? 1), 0);
    return { sql: sql.replace(/\s+/g, ' '), page: response.json().page, plan: describePlan(plan), limitRows: limit?.['Actual Rows'], read };
  }

  it.each([
    ['the whole list', '/api/v1/products?page=1'],
    ['a filtered list', '/api/v1/products?page=2&minPrice=0&inStock=true&sort=price'],
    ['a search in relevance order', '/api/v1/products?q=lamp&page=1'],
    ['a search in another order', '/api/v1/products?q=brass&sort=-price&page=3'],
  ])("an anonymous caller's count over %s stops at the cap: a Limit of cap + 1 rows under the Aggregate", async (label, url) => {
    const count = await countFor(url);
    expect(count.sql).toContain(`LIMIT ${OFFSET_TOTAL_CAP + 1}) s`);
    expect(count.page).toMatchObject({ total: OFFSET_TOTAL_CAP, totalCapped: true, hasMore: true });
    const broken = [
      count.limitRows !== OFFSET_TOTAL_CAP + 1 && `no Limit of ${OFFSET_TOTAL_CAP + 1} rows under the Aggregate (${count.limitRows})`,
      count.read > OFFSET_TOTAL_CAP + 1 && `${count.read} rows of products read, more than ${OFFSET_TOTAL_CAP + 1}`,
    ].filter(Boolean);
    expect({ label, broken, ...(broken.length ? count : {}) }).toEqual({ label, broken: [] });
  });

  it("a staff caller's count reads every match: exact, with no Limit", async () => {
    const count = await countFor('/api/v1/products?q=lamp&page=1', admin);
    expect(count.page).toMatchObject({ total: MATCHING, totalCapped: false });
    expect({ limitRows: count.limitRows, read: count.read }).toEqual({ limitRows: undefined, read: MATCHING });
  });
});
