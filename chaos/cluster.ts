import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitFor } from '../test/harness/free-port';
import { RedisServer } from '../test/harness/redis-server';
import { Haproxy } from './haproxy';
import { DRAIN_DELAY_MS, Instance, SHUTDOWN_TIMEOUT_MS } from './instances';
import { Postgres } from './postgres';
import { run } from './processes';

const ROOT = join(__dirname, '..');
const INSTANCES = 3;
const PASSWORD = 'chaos horse battery staple';
/** Products only PATCHed (one PATCH at a time each) and products only given stock adjustments: the two never conflict. */
const PATCH_PRODUCTS = 40;
const STOCK_PRODUCTS = 8;

const SECRETS = {
  JWT_ACCESS_SECRET: 'chaos-access-secret-at-least-32-bytes-long',
  JWT_REFRESH_SECRET: 'chaos-refresh-secret-at-least-32-bytes-long',
  METRICS_TOKEN: 'chaos-metrics-token-0123456789',
};

/** What the load needs: callers and the products its writes change. */
export interface Fixtures {
  adminToken: string;
  customerTokens: string[];
  patchProducts: string[];
  stockProducts: string[];
}

/**
 * Everything the suite runs, on loopback, in one temporary folder: PostgreSQL primary + streaming replica (the
 * harness's), redis-server, haproxy (HTTP in front of three instances, TCP in front of the primary) and three
 * instances of the built service in production mode.
 */
export class ChaosCluster {
  readonly instances: Instance[] = [];
  private haproxyProcess?: Haproxy;
  private postgresServers?: Postgres;
  private redisServer?: RedisServer;
  fixtures!: Fixtures;
  /** How the schema was created: the `migrate` command, or the first instance's start-up migration. */
  migratedBy = '';
  base = '';

  constructor(
    readonly dir: string,
    private readonly progress: (line: string) => void,
  ) {}

  get haproxy(): Haproxy {
    return defined(this.haproxyProcess, 'haproxy');
  }

  get postgres(): Postgres {
    return defined(this.postgresServers, 'postgres');
  }

  get redis(): RedisServer {
    return defined(this.redisServer, 'redis');
  }

  get logDir(): string {
    return join(this.dir, 'logs');
  }

  get metricsToken(): string {
    return SECRETS.METRICS_TOKEN;
  }

  async start(): Promise<void> {
    mkdirSync(this.logDir, { recursive: true });
    this.progress('starting PostgreSQL (primary + streaming replica) and redis-server');
    this.postgresServers = await Postgres.start();
    this.redisServer = await RedisServer.start();
    const [httpPort, databasePort, ...appPorts] = await Promise.all(Array.from({ length: 2 + INSTANCES }, () => freePort()));
    const apps = appPorts.map((port, index) => ({ name: `app${index + 1}`, port }));
    this.haproxyProcess = await Haproxy.start({ dir: this.dir, httpPort, databasePort, primaryPort: this.postgres.primaryPort, apps });
    this.base = `http://127.0.0.1:${httpPort}`;
    const databaseUrl = this.postgres.url(databasePort);

    const env = {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DATABASE_REPLICA_URLS: this.postgres.url(defined(this.postgres.replicaPort, 'replica port')),
      REDIS_URL: this.redis.url,
      ...SECRETS,
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'info',
      // The Docker image's memory setting.
      NODE_OPTIONS: '--max-old-space-size=256',
      SWAGGER_ENABLED: 'false',
      SHUTDOWN_DRAIN_DELAY_MS: String(DRAIN_DELAY_MS),
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      JWT_ACCESS_TTL_SECONDS: '3600',
      // All the load comes from one address and a few users, far above what one shopper sends: limits lifted as
      // in the benchmark. RATE_LIMIT_OUTAGE_INSTANCES as the README advises for three instances.
      RATE_LIMIT_GLOBAL_LIMIT: '1000000',
      RATE_LIMIT_GLOBAL_WINDOW_SECONDS: '1',
      RATE_LIMIT_USER_LIMIT: '1000000',
      RATE_LIMIT_CREDENTIALS_IP_LIMIT: '1000000',
      RATE_LIMIT_CREDENTIALS_EMAIL_LIMIT: '1000000',
      RATE_LIMIT_OUTAGE_INSTANCES: String(INSTANCES),
    };
    for (const { name, port } of apps) this.instances.push(new Instance(name, port, env, this.logDir));

    const firstStartEnv = await this.migrate(databaseUrl);
    this.progress(`starting ${INSTANCES} instances (${this.migratedBy})`);
    this.instances[0].start(firstStartEnv);
    await this.instances[0].untilReady();
    for (const instance of this.instances.slice(1)) instance.start();
    await Promise.all(this.instances.slice(1).map((instance) => instance.untilReady()));
    await Promise.all(apps.map(({ name }) => this.haproxy.untilServer('app', name, 'UP')));
    this.fixtures = await this.createFixtures();
  }

  /** Migrates once before any instance starts; returns the first instance's extra settings (the fallback migration). */
  private async migrate(databaseUrl: string): Promise<Record<string, string>> {
    if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'migrate.command.js'))) {
      this.migratedBy = 'schema migrated by the first instance at start-up (MIGRATIONS_RUN=true), before the others start';
      return { MIGRATIONS_RUN: 'true' };
    }
    this.progress('migrating: node dist/src/cli.js migrate');
    const env = { NODE_ENV: 'production', DATABASE_URL: databaseUrl };
    await run(process.execPath, ['dist/src/cli.js', 'migrate'], { cwd: ROOT, env, timeoutMs: 120_000 }).catch((error: Error) => {
      throw new Error(`the migration failed: ${error.message.slice(-2_000)}`);
    });
    this.migratedBy = 'schema migrated by `node dist/src/cli.js migrate` before any instance started';
    return {};
  }

  private async createFixtures(): Promise<Fixtures> {
    this.progress('creating the fixtures: an admin, two customers, products to edit');
    const stamp = Date.now().toString(36);
    const register = async (who: string) => {
      const email = `chaos-${who}-${stamp}@example.com`;
      const answer = await this.call<{ tokens: { accessToken: string } }>('POST', '/api/v1/auth/register', { email, password: PASSWORD, name: `Chaos ${who}` });
      return { email, token: answer.tokens.accessToken };
    };
    const admin = await register('admin');
    await this.postgres.sql(this.postgres.primaryPort, `UPDATE users SET role = 'admin' WHERE email = $1`, [admin.email]);
    const { accessToken: adminToken } = await this.call<{ accessToken: string }>('POST', '/api/v1/auth/login', { email: admin.email, password: PASSWORD });
    const customerTokens = [(await register('customer-1')).token, (await register('customer-2')).token];
    const product = async (index: number, kind: string) =>
      (
        await this.call<{ id: string }>(
          'POST',
          '/api/v1/products',
          { sku: `CHX-FIX-${stamp}-${kind}-${index}`, name: `Chaos fixture ${kind} ${index}`, price: 1000 + index, stock: 100 },
          adminToken,
        )
      ).id;
    const patchProducts: string[] = [];
    for (let index = 0; index < PATCH_PRODUCTS; index += 1) patchProducts.push(await product(index, 'patch'));
    const stockProducts: string[] = [];
    for (let index = 0; index < STOCK_PRODUCTS; index += 1) stockProducts.push(await product(index, 'stock'));
    return { adminToken, customerTokens, patchProducts, stockProducts };
  }

  private async call<T>(method: string, path: string, body: unknown, token?: string): Promise<T> {
    return waitFor(
      async () => {
        const answer = await fetch(`${this.base}${path}`, {
          method,
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        });
        const text = await answer.text();
        if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}: ${text.slice(0, 300)}`);
        return JSON.parse(text) as T;
      },
      { what: `${method} ${path}`, timeoutMs: 15_000, intervalMs: 500 },
    );
  }

  /** Stops everything still running; safe to call twice and after a partial start. */
  async stop(): Promise<void> {
    await Promise.all(this.instances.map((instance) => instance.terminate()));
    await this.haproxyProcess?.stop();
    await this.redisServer?.stop();
    if (this.postgresServers) {
      this.postgresServers.copyLogs(this.logDir);
      this.postgresServers.stop();
    }
  }
}

function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not running`);
  return value;
}
