import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AppModule } from '../../src/app.module';
import { DEMO_ADMIN_EMAIL } from '../../src/demo/demo-admin';
import { bootApp } from '../harness/app';
import { spawnTracked } from '../harness/child-processes';
import { bearer, login } from '../harness/factories';
import { freePort } from '../harness/free-port';
import { isolatedDatabaseEnv } from '../harness/isolated-database';
import { queryOnce as query } from '../harness/sql';

const ROOT = join(__dirname, '..', '..');
// Each test compiles and runs the CLI in child processes (and hashes with argon2): slow on a loaded machine.
jest.setTimeout(300_000);

interface DemoResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run demo`'s command from the sources, as `node dist/src/cli.js demo` runs it from the build. */
function runDemo(env: Record<string, string | undefined>): Promise<DemoResult> {
  const child = spawnTracked(process.execPath, ['-r', 'ts-node/register', join('src', 'cli.ts'), 'demo'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, TS_NODE_SWC: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    what: 'src/cli.ts demo',
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const PASSWORD_LINE = /^ {2}password {4}(\S+) {3}\(shown this once/m;

async function catalogShape(url: string) {
  const [shape] = await query(
    url,
    `SELECT (SELECT count(*)::int FROM categories) AS categories, (SELECT count(*)::int FROM products) AS products,
            (SELECT count(*)::int FROM categories WHERE parent_id IS NULL) AS roots,
            (SELECT count(DISTINCT category_id)::int FROM products) AS "categoriesWithProducts"`,
  );
  return shape;
}

const superadmins = (url: string) => query<{ email: string; password_hash: string }>(url, `SELECT email, password_hash FROM users WHERE role = 'superadmin'`);

describe('npm run demo', () => {
  it('migrates an empty database, loads a small catalog and creates a superadmin who signs in with the printed password, once', async () => {
    const database = await isolatedDatabaseEnv();
    const first = await runDemo({ NODE_ENV: 'test', DATABASE_URL: database.DATABASE_URL });
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('demo: products: 300/300 (100%)') });
    expect(first.stdout).toContain('Demo data in the database of DATABASE_URL:');
    expect(first.stdout).toContain('  catalog     40 categories and 300 products added');
    expect(first.stdout).toContain(`  superadmin  ${DEMO_ADMIN_EMAIL}\n`);
    const password = PASSWORD_LINE.exec(first.stdout)?.[1];
    expect(password).toMatch(/^[\w-]{24}$/);

    const shape = await catalogShape(database.DATABASE_URL);
    expect(shape).toEqual({ categories: 40, products: 300, roots: 10, categoriesWithProducts: expect.any(Number) });
    expect(shape.categoriesWithProducts).toBeGreaterThan(10);
    const [admin] = await superadmins(database.DATABASE_URL);
    expect(await superadmins(database.DATABASE_URL)).toHaveLength(1);
    expect(admin.email).toBe(DEMO_ADMIN_EMAIL);
    expect(admin.password_hash).toMatch(/^\$argon2id\$/);

    // The service, on that database, lets the printed credentials in as a superadmin.
    const app = await bootApp({ module: AppModule, env: { ...database, REDIS_KEY_PREFIX: `demo-${randomUUID()}:` } });
    try {
      const tokens = await login(app, { email: DEMO_ADMIN_EMAIL, password: password! });
      const me = await app.inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(tokens.accessToken) });
      expect(me.json()).toMatchObject({ email: DEMO_ADMIN_EMAIL, role: 'superadmin' });
    } finally {
      await app.close();
    }

    const second = await runDemo({ NODE_ENV: 'test', DATABASE_URL: database.DATABASE_URL });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('  catalog     already has 40 categories and 300 products: nothing added');
    expect(second.stdout).toContain(`  superadmin  ${DEMO_ADMIN_EMAIL} already exists (role superadmin): nothing changed`);
    expect(second.stdout).not.toMatch(PASSWORD_LINE);
    expect(second.stdout).not.toContain(password);
    expect(await catalogShape(database.DATABASE_URL)).toEqual(shape);
    expect(await superadmins(database.DATABASE_URL)).toEqual([admin]);
  });

  it('run twice at once, loads one catalog and creates one superadmin, whose password only one of them prints', async () => {
    const database = await isolatedDatabaseEnv();
    const runs = await Promise.all([1, 2].map(() => runDemo({ NODE_ENV: 'test', DATABASE_URL: database.DATABASE_URL })));
    expect(runs.map((run) => run.code)).toEqual([0, 0]);
    expect(runs.filter((run) => run.stdout.includes('40 categories and 300 products added'))).toHaveLength(1);
    expect(runs.filter((run) => PASSWORD_LINE.test(run.stdout))).toHaveLength(1);
    expect(await catalogShape(database.DATABASE_URL)).toMatchObject({ categories: 40, products: 300 });
    expect(await superadmins(database.DATABASE_URL)).toHaveLength(1);
  });

  it('leaves a catalog that has data as it is', async () => {
    const database = await isolatedDatabaseEnv();
    const service = await bootApp({ module: AppModule, env: { ...database, REDIS_KEY_PREFIX: `demo-${randomUUID()}:` } });
    await service.close();
    await query(database.DATABASE_URL, `INSERT INTO categories (name, slug) VALUES ('Own', 'own')`);
    const result = await runDemo({ NODE_ENV: 'test', DATABASE_URL: database.DATABASE_URL });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  catalog     already has 1 category and 0 products: nothing added');
    expect(await catalogShape(database.DATABASE_URL)).toMatchObject({ categories: 1, products: 0 });
    expect(result.stdout).toMatch(PASSWORD_LINE);
  });

  it('with no DATABASE_URL starts the embedded database, fills it, stops it, and finds the data at the next run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-demo-'));
    // PostgreSQL runs as an unprivileged user when we are root: it must be able to reach the folder.
    chmodSync(dir, 0o755);
    const port = await freePort();
    const env = { NODE_ENV: 'development', EMBEDDED_DATABASE_DIR: join(dir, 'postgres'), EMBEDDED_DATABASE_PORT: String(port) };
    try {
      const first = await runDemo(env);
      expect(first.code).toBe(0);
      expect(first.stderr).toContain(`demo: starting the embedded database in ${env.EMBEDDED_DATABASE_DIR} (stopped again at the end)`);
      expect(first.stdout).toContain(`Demo data in the embedded database in ${env.EMBEDDED_DATABASE_DIR}:`);
      expect(first.stdout).toMatch(PASSWORD_LINE);
      // Development keeps its JWT secrets beside the embedded database, for the service started next.
      expect(statSync(join(dir, 'development-secrets.json')).mode & 0o777).toBe(0o600);
      const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password: 'postgres', database: 'catalog' });
      await expect(client.connect()).rejects.toThrow();

      const second = await runDemo(env);
      expect(second.code).toBe(0);
      expect(second.stdout).toContain('already has 40 categories and 300 products: nothing added');
      expect(second.stdout).not.toMatch(PASSWORD_LINE);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses NODE_ENV=production before touching the database', async () => {
    const database = await isolatedDatabaseEnv();
    const result = await runDemo({
      NODE_ENV: 'production',
      DATABASE_URL: database.DATABASE_URL,
      REDIS_URL: process.env.REDIS_URL,
      JWT_ACCESS_SECRET: 'a'.repeat(32),
      JWT_REFRESH_SECRET: 'b'.repeat(32),
      METRICS_PORT: '9464',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('demo: NODE_ENV is production: demo data and a generated superadmin are for development only');
    expect(result.stdout).toBe('');
    expect(await query(database.DATABASE_URL, `SELECT to_regclass('products') AS products`)).toEqual([{ products: null }]);
  });
});
