import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnTracked } from '../harness/child-processes';
import { queryOnce as query } from '../harness/sql';
import { COMMON_SEARCH_WORD } from '../../src/database/seed/word-lists';
import { isolatedDatabaseEnv } from '../harness/isolated-database';

const ROOT = join(__dirname, '..', '..');
const DAY_MS = 86_400_000;

interface SeedResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run seed`'s entry point from the sources (the script runs it from the build), against `databaseUrl` only
 * (the seed never uses replicas). Killed when the test ends if it is still running (see child-processes.ts).
 */
function runSeed(args: string[], env: Record<string, string | undefined>): Promise<SeedResult> {
  const child = spawnTracked(process.execPath, ['-r', 'ts-node/register', join('src', 'database', 'seed.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, TS_NODE_SWC: 'true', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    what: 'src/database/seed.ts',
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function freshDatabase(): Promise<string> {
  return (await isolatedDatabaseEnv()).DATABASE_URL;
}

async function counts(url: string): Promise<{ categories: number; products: number }> {
  const [row] = await query<{ categories: number; products: number }>(
    url,
    `SELECT (SELECT count(*)::int FROM categories) AS categories, (SELECT count(*)::int FROM products) AS products`,
  );
  return row;
}

// Each test runs the seed in child processes compiled on the fly (three in one test): slow on a loaded machine.
jest.setTimeout(180_000);

describe('npm run seed', () => {
  it('migrates a fresh database and fills it with a consistent, realistic catalog', async () => {
    const url = await freshDatabase();
    const started = Date.now();
    const result = await runSeed(['--products', '500', '--categories', '20'], { DATABASE_URL: url });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    // Every migration of the project, on a fresh database.
    const migrations = readdirSync(join(__dirname, '..', '..', 'migrations')).filter((file) => file.endsWith('.ts')).length;
    expect(result.stdout).toContain(`seed: ${migrations} migration(s) applied`);
    expect(result.stdout).toMatch(/seed: products: 500\/500 \(100%\)/);
    expect(result.stdout).toMatch(/seed: done: 20 categories and 500 products .* in [\d.]+ s/);

    expect(await counts(url)).toEqual({ categories: 20, products: 500 });
    const [unique] = await query(
      url,
      `SELECT count(DISTINCT sku)::int AS skus, count(DISTINCT slug)::int AS slugs, count(DISTINCT created_at)::int AS created,
              (SELECT count(DISTINCT slug)::int FROM categories) AS "categorySlugs"
       FROM products`,
    );
    expect(unique).toEqual({ skus: 500, slugs: 500, created: 500, categorySlugs: 20 });

    // The tree: every category reaches a root in at most three levels, so there is no cycle.
    const tree = await query<{ id: string; depth: number }>(
      url,
      `WITH RECURSIVE up AS (
         SELECT id, parent_id, 1 AS depth FROM categories
         UNION ALL
         SELECT up.id, c.parent_id, up.depth + 1 FROM up JOIN categories c ON c.id = up.parent_id WHERE up.depth < 25
       )
       SELECT id, max(depth)::int AS depth FROM up GROUP BY id HAVING bool_or(parent_id IS NULL)`,
    );
    expect(tree).toHaveLength(20);
    expect(Math.max(...tree.map((row) => row.depth))).toBeLessThanOrEqual(3);
    const [shape] = await query(
      url,
      `SELECT count(*) FILTER (WHERE parent_id IS NULL)::int AS roots, count(*) FILTER (WHERE description = '')::int AS "noDescription",
              bool_and(slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$') AS "slugsClean", bool_and(deleted_at IS NULL) AS live
       FROM categories`,
    );
    expect(shape).toEqual({ roots: 10, noDescription: 0, slugsClean: true, live: true });

    const [products] = await query(
      url,
      `SELECT min(price) >= 199 AND max(price) <= 199999 AS "priceInRange", count(DISTINCT price) > 100 AS "pricesSpread",
              bool_and(currency = 'EUR') AS eur, min(stock) = 0 AND max(stock) <= 500 AS "stockInRange",
              count(*) FILTER (WHERE stock = 0) BETWEEN 10 AND 80 AS "someOutOfStock",
              count(*) FILTER (WHERE is_active) BETWEEN 440 AND 499 AS "mostlyActive",
              count(*) FILTER (WHERE category_id IS NULL) < 50 AS "mostCategorised",
              count(DISTINCT category_id) > 5 AS "spreadOverCategories",
              bool_and(name ~ '^[A-Z][A-Za-z'' -]+$' AND description ~ '^Our .+\\. .+\\.$') AS "textReadable",
              bool_and(slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$') AS "slugsClean",
              bool_and(updated_at >= created_at AND updated_at <= now()) AS "updatedAfterCreated",
              min(created_at) AS oldest, max(created_at) AS newest,
              count(*) FILTER (WHERE extract(microseconds FROM created_at)::int % 1000 <> 0) > 400 AS "microseconds",
              bool_and(deleted_at IS NULL AND version = 1) AS "freshRows"
       FROM products`,
    );
    expect(products).toMatchObject({
      priceInRange: true,
      pricesSpread: true,
      eur: true,
      stockInRange: true,
      someOutOfStock: true,
      mostlyActive: true,
      mostCategorised: true,
      spreadOverCategories: true,
      textReadable: true,
      slugsClean: true,
      updatedAfterCreated: true,
      microseconds: true,
      freshRows: true,
    });
    expect((products.oldest as Date).getTime()).toBeGreaterThan(started - 731 * DAY_MS);
    expect((products.oldest as Date).getTime()).toBeLessThan(started - 700 * DAY_MS);
    expect((products.newest as Date).getTime()).toBeLessThanOrEqual(Date.now());
    const orphans = await query(
      url,
      `SELECT 1 FROM products p LEFT JOIN categories c ON c.id = p.category_id WHERE p.category_id IS NOT NULL AND c.id IS NULL`,
    );
    expect(orphans).toEqual([]);

    // Search has something to find: full-text on the generated tsvector and trigram similarity on the name.
    const [search] = await query<{ fullText: number; trigram: number }>(
      url,
      `SELECT count(*) FILTER (WHERE search @@ plainto_tsquery('english', $1))::int AS "fullText",
              count(*) FILTER (WHERE name % 'Rustic Oak Coffee Table')::int AS trigram
       FROM products`,
      [COMMON_SEARCH_WORD],
    );
    expect(search.fullText).toBeGreaterThan(0);
    expect(search.trigram).toBeGreaterThan(0);
  });

  it('appends by default, and with --truncate empties the catalog first', async () => {
    const url = await freshDatabase();
    expect((await runSeed(['--products', '300', '--categories', '12'], { DATABASE_URL: url })).code).toBe(0);
    const second = await runSeed(['--products', '200', '--categories', '8', '--currency', 'usd'], { DATABASE_URL: url });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('seed: schema is up to date');
    expect(await counts(url)).toEqual({ categories: 20, products: 500 });
    const [distinct] = await query(url, `SELECT count(DISTINCT sku)::int AS skus, count(DISTINCT slug)::int AS slugs FROM products`);
    expect(distinct).toEqual({ skus: 500, slugs: 500 });
    expect(await query(url, `SELECT currency, count(*)::int AS count FROM products GROUP BY currency ORDER BY currency`)).toEqual([
      { currency: 'EUR', count: 300 },
      { currency: 'USD', count: 200 },
    ]);

    const third = await runSeed(['--products', '50', '--categories', '10', '--truncate'], { DATABASE_URL: url });
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('emptied stock_adjustments, products and categories');
    expect(await counts(url)).toEqual({ categories: 10, products: 50 });
  });

  it('drops the products indexes for the bulk insert and rebuilds exactly the ones the migrations created', async () => {
    const url = await freshDatabase();
    const definitions = (database: string) =>
      query<{ indexdef: string }>(database, `SELECT indexdef FROM pg_indexes WHERE tablename = 'products' ORDER BY indexname`);
    // The harness's main database was migrated by the global set-up and never seeded.
    const expected = await definitions(process.env.DATABASE_URL!);
    expect(expected.length).toBeGreaterThan(5);

    const result = await runSeed(['--products', '400', '--categories', '10', '--indexes', 'rebuild'], { DATABASE_URL: url });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`dropped ${expected.length - 1} products indexes`);
    expect(await definitions(url)).toEqual(expected);
    const invalid = await query(url, `SELECT 1 FROM pg_index WHERE indrelid = 'products'::regclass AND NOT (indisvalid AND indisready)`);
    expect(invalid).toEqual([]);
  });

  it('refuses to run with NODE_ENV=production unless --force-production, before touching the database', async () => {
    const url = await freshDatabase();
    const refused = await runSeed(['--products', '10'], {
      DATABASE_URL: url,
      NODE_ENV: 'production',
      REDIS_URL: 'redis://127.0.0.1:1',
      JWT_ACCESS_SECRET: 'a'.repeat(32),
      JWT_REFRESH_SECRET: 'b'.repeat(32),
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('NODE_ENV is production');
    expect(refused.stderr).toContain('--force-production');
    expect(await query(url, `SELECT to_regclass('products') AS products`)).toEqual([{ products: null }]);

    const forced = await runSeed(['--products', '10', '--categories', '3', '--force-production'], { DATABASE_URL: url, NODE_ENV: 'production' });
    expect(forced.code).toBe(0);
    expect(await counts(url)).toEqual({ categories: 3, products: 10 });
  });

  it('explains a wrong command line with the usage and exit code 2', async () => {
    const result = await runSeed(['--products', 'lots'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--products must be a whole number, got "lots"');
    expect(result.stderr).toContain('Usage: npm run seed --');
  });
});
