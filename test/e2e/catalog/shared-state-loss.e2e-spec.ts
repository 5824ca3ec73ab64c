import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { CatalogState } from '../../../src/catalog/catalog-state';
import { DatabasePools } from '../../../src/database/database-pools';
import { ReadRouter } from '../../../src/database/read-router';
import { Role } from '../../../src/users/role';
import { bootApp } from '../../harness/app';
import { createProduct } from '../../harness/catalog-factories';
import { signedIn } from '../../harness/factories';
import { waitFor } from '../../harness/free-port';
import { isolatedDatabaseEnv } from '../../harness/isolated-database';
import { RedisServer } from '../../harness/redis-server';
import { queryOnce } from '../../harness/sql';

/** Far past any WAL position this cluster will reach (FFFFFFFF/FFFFFFFF). */
const FAR_FUTURE_LSN = (1n << 64n) - 1n;

let lastPrice = 700_000 + Math.floor(Math.random() * 100_000) * 10;
/** A price no other test used: its list holds only the products a test creates at that price. */
const freshPrice = () => (lastPrice += 10);
const listAt = (price: number) => `/api/v1/products?minPrice=${price}&maxPrice=${price}&limit=100`;

/**
 * Two instances on a dedicated redis-server, the cache on with a TTL of a day: an answer that shows a write did not
 * come from an entry that expired. Redis loses its data (FLUSHALL), goes away and comes back empty, or holds a WAL
 * position from another history; no instance may answer from the cache with a state older than an acknowledged
 * write, and each recovers by itself.
 */
describe('Catalog shared state that Redis loses', () => {
  let redis: RedisServer;
  let env: Record<string, string>;
  const apps: NestFastifyApplication[] = [];
  let a: NestFastifyApplication;
  let b: NestFastifyApplication;
  let admin: string;
  let prefix: string;

  const boot = async (prefix: string) => {
    const app = await bootApp({ env: { ...env, REDIS_KEY_PREFIX: prefix } });
    apps.push(app);
    return app;
  };

  /** A short-lived connection of the test's own (Redis restarts under the instances' feet). */
  const onRedis = async <T>(work: (client: Redis) => Promise<T>): Promise<T> => {
    const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await work(client);
    } finally {
      client.disconnect();
    }
  };

  beforeAll(async () => {
    redis = await RedisServer.start();
    env = {
      ...(await isolatedDatabaseEnv()),
      REDIS_URL: redis.url,
      CATALOG_CACHE_ENABLED: 'true',
      CATALOG_CACHE_TTL_SECONDS: '86400',
      DATABASE_REPLICA_LSN_POLL_MS: '20',
    };
    prefix = `test-${randomUUID()}:`;
    [a, b] = [await boot(prefix), await boot(prefix)];
    admin = (await signedIn(a, Role.Admin)).accessToken;
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await redis.stop();
  });

  const get = (app: NestFastifyApplication, url: string) => app.inject({ method: 'GET', url });
  const idsOf = (answer: { json: () => { data: Array<{ id: string }> } }) => answer.json().data.map((row) => row.id);
  const stateOf = (app: NestFastifyApplication) => app.get(CatalogState);

  /** Reads `url` (a cache miss or bypass) and says which servers ran its products query. */
  const readFrom = async (app: NestFastifyApplication, url: string): Promise<string[]> => {
    const [primary, replica] = app.get(DatabasePools).all();
    const spies = [jest.spyOn(primary.pool, 'query'), jest.spyOn(replica.pool, 'query')];
    try {
      expect((await get(app, url)).statusCode).toBe(200);
      return ['primary', 'replica'].filter((_name, index) =>
        spies[index].mock.calls.some(([query]) => (query as unknown as { text?: string }).text?.includes('FROM products')),
      );
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
  };

  /** Waits until the instance reads the catalog from the replica (it has replayed past the latest write). */
  const readsReplica = (app: NestFastifyApplication) =>
    waitFor(async () => (await readFrom(app, listAt(freshPrice()))).join() === 'replica', { what: 'catalog reads on the replica' });

  it('shows a write made after FLUSHALL through the writer at once and through the other instance as soon as it hears of it', async () => {
    const price = freshPrice();
    const url = listAt(price);
    const first = await createProduct(a, admin, { price });
    for (const app of [a, b]) {
      await get(app, url);
      const repeat = await get(app, url);
      expect({ cache: repeat.headers['x-cache'], ids: idsOf(repeat) }).toEqual({ cache: 'HIT', ids: [first.id] });
    }
    const scopeBefore = stateOf(a).scope;

    await onRedis((client) => client.flushall());
    const second = await createProduct(a, admin, { price });

    const throughA = await get(a, url);
    expect(idsOf(throughA).sort()).toEqual([first.id, second.id].sort());
    await waitFor(async () => idsOf(await get(b, url)).includes(second.id), { what: 'the other instance to show the write', timeoutMs: 3_000 });
    // A new epoch: its generations count from 1 again, under keys no earlier one used.
    expect(stateOf(a).scope).not.toBe(scopeBefore);
    expect(stateOf(b).scope).toBe(stateOf(a).scope);
    expect((await get(b, url)).headers['x-cache']).toBe('HIT');
  });

  it('bypasses the cache on every instance while Redis is down, then rejoins when it returns empty and caches again', async () => {
    const price = freshPrice();
    const url = listAt(price);
    const first = await createProduct(a, admin, { price });
    for (const app of [a, b]) {
      await get(app, url);
      expect((await get(app, url)).headers['x-cache']).toBe('HIT');
    }

    let second: { id: string };
    await redis.stop();
    try {
      await waitFor(async () => !stateOf(a).live && !stateOf(b).live, { what: 'both instances to stop trusting their cache' });
      const started = Date.now();
      second = await createProduct(a, admin, { price });
      // Acknowledged only once every other instance's lease on the shared state has run out.
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
      // B has no word of the write: its reads may go to the replica, so let the replica replay it first (this
      // test is about the cache; read-your-writes across instances during an outage is for signed-in callers).
      const replicaUrl = env.DATABASE_REPLICA_URLS.split(',')[0];
      await waitFor(async () => (await queryOnce(replicaUrl, 'SELECT 1 FROM products WHERE id = $1', [second.id])).length === 1, {
        what: 'the replica to replay the write',
      });
      for (const app of [a, b, b]) {
        const answer = await get(app, url);
        expect({ cache: answer.headers['x-cache'], ids: idsOf(answer).sort() }).toEqual({ cache: 'BYPASS', ids: [first.id, second.id].sort() });
      }
      const metrics = (await get(b, '/metrics')).body;
      expect(metrics).toMatch(/catalog_cache_lookups_total\{layer="local",result="bypass"\} [1-9]/);
    } finally {
      await redis.startProcess();
    }

    await waitFor(async () => stateOf(a).live && stateOf(b).live, { what: 'both instances to rejoin' });
    for (const app of [a, b]) {
      expect(idsOf(await get(app, url)).sort()).toEqual([first.id, second.id].sort());
      expect((await get(app, url)).headers['x-cache']).toBe('HIT');
    }
    // Each instance bumped the generation of a new epoch before it trusted its cache again.
    const shared = await onRedis((client) => client.hgetall(`${prefix}catalog:state`));
    expect(Number(shared.generation)).toBeGreaterThanOrEqual(2);
  });

  describe('a shared WAL position from another history', () => {
    /** Two fresh instances that find `position` in Redis at boot, and the hash's key. */
    const instancesFinding = async (timeline: number, lsn: bigint) => {
      const ownPrefix = `test-${randomUUID()}:`;
      const key = `${ownPrefix}catalog:state`;
      await onRedis((client) => client.hset(key, { epoch: `${Date.now() * 1000}-seeded`, generation: 7, tl: timeline, lsn: lsn.toString() }));
      const instances = [await boot(ownPrefix), await boot(ownPrefix)];
      for (const app of instances) expect(stateOf(app).minLsn).toBe(lsn);
      return { instances, key };
    };

    it('is left behind by the next write when it is on a lower timeline (a promotion or a restore began a new one)', async () => {
      const { instances, key } = await instancesFinding(0, FAR_FUTURE_LSN);
      // What the bug looked like: every catalog read on the primary.
      expect(await readFrom(instances[1], listAt(freshPrice()))).toEqual(['primary']);

      await createProduct(instances[0], admin, { price: freshPrice() });

      const shared = await onRedis((client) => client.hgetall(key));
      const position = stateOf(instances[0]).position;
      expect({ tl: Number(shared.tl), lsn: BigInt(shared.lsn) }).toEqual({ tl: position.timeline, lsn: position.lsn });
      // Replaced by the timeline rule, not by a reset (see the next test).
      expect(shared.reset).toBeUndefined();
      expect(position.timeline).toBeGreaterThanOrEqual(1);
      expect(position.lsn).toBeLessThan(FAR_FUTURE_LSN);
      await waitFor(async () => stateOf(instances[1]).minLsn === position.lsn, { what: 'the other instance to follow the new history' });
      await readsReplica(instances[1]);
    });

    it('is reset on every instance when it is ahead of the primary on its own timeline', async () => {
      const { timeline } = await a.get(ReadRouter).primaryPosition();
      const { instances, key } = await instancesFinding(timeline, FAR_FUTURE_LSN);
      expect(await readFrom(instances[1], listAt(freshPrice()))).toEqual(['primary']);

      await createProduct(instances[0], admin, { price: freshPrice() });

      await waitFor(async () => instances.every((app) => stateOf(app).minLsn < FAR_FUTURE_LSN), { what: 'every instance to drop the position' });
      const shared = await onRedis((client) => client.hgetall(key));
      expect(BigInt(shared.lsn)).toBeLessThan(FAR_FUTURE_LSN);
      expect(shared.reset).toBe(shared.epoch);
      await readsReplica(instances[1]);
    });
  });
});
