import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DatabasePools } from '../../../src/database/database-pools';
import { Role } from '../../../src/users/role';
import { bootApp } from '../../harness/app';
import { createProduct } from '../../harness/catalog-factories';
import { bearer, signedIn } from '../../harness/factories';
import { waitFor } from '../../harness/free-port';
import { PostgresCluster } from '../../harness/postgres-cluster';

/** A cluster of its own: pausing or stopping its replica must not disturb the other test files. */
describe('Reads on replicas, writes on the primary, read-your-writes', () => {
  let cluster: PostgresCluster;
  let app: NestFastifyApplication;
  let admin: string;
  let adminId: string;

  beforeAll(async () => {
    cluster = await PostgresCluster.start();
    app = await bootApp({
      env: {
        DATABASE_URL: cluster.primaryUrl,
        DATABASE_REPLICA_URLS: cluster.replicaUrl,
        REDIS_KEY_PREFIX: `test-${randomUUID()}:`,
        DATABASE_REPLICA_LSN_POLL_MS: '20',
      },
    });
    ({ accessToken: admin, id: adminId } = await signedIn(app, Role.Admin));
  });

  afterAll(async () => {
    await app.close();
    cluster.stop();
  });

  const replicaPool = () => app.get(DatabasePools).all()[1].pool;
  const getProduct = (id: string) => app.inject({ method: 'GET', url: `/api/v1/products/${id}` });

  it('serves catalog reads from the replica once it has replayed the latest write', async () => {
    const product = await createProduct(app, admin);
    const spy = jest.spyOn(replicaPool(), 'query');
    await waitFor(async () => {
      spy.mockClear();
      // A different query string each time: a cache miss, so the read really reaches a database.
      await app.inject({ method: 'GET', url: `/api/v1/products?limit=5&minPrice=${Math.floor(Math.random() * 10)}` });
      // Catalog reads are prepared statements: a query config with the text in it.
      return spy.mock.calls.some(([query]) => (query as unknown as { text?: string }).text?.includes('FROM products'));
    });
    expect((await getProduct(product.id)).statusCode).toBe(200);
    spy.mockRestore();
  });

  it('shows a writer its write on the very next read, 100 times out of 100, while the replica is paused', async () => {
    const product = await createProduct(app, admin);
    await waitFor(async () => (await cluster.sql(cluster.replicaPort, 'catalog_test', 'SELECT 1 FROM products WHERE id = $1', [product.id])).length === 1);
    await cluster.pauseReplay();
    try {
      for (let price = 1; price <= 100; price++) {
        const patched = await app.inject({ method: 'PATCH', url: `/api/v1/products/${product.id}`, headers: bearer(admin), payload: { price } });
        expect(patched.statusCode).toBe(200);
        expect((await getProduct(product.id)).json().price).toBe(price);
        const listed = (await app.inject({ method: 'GET', url: '/api/v1/products?limit=100' }))
          .json()
          .data.find((row: { id: string }) => row.id === product.id);
        expect(listed.price).toBe(price);
      }
      // The replica really is behind: reading it directly still shows an old price.
      const [onReplica] = await cluster.sql<{ price: number }>(cluster.replicaPort, 'catalog_test', 'SELECT price FROM products WHERE id = $1', [product.id]);
      expect(onReplica.price).not.toBe(100);
    } finally {
      await cluster.resumeReplay();
    }
  });

  it('falls back to the primary when the replica is down', async () => {
    const product = await createProduct(app, admin, { price: 4242 });
    cluster.stopReplica();
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await app.inject({ method: 'GET', url: `/api/v1/products?limit=10&maxPrice=${5000 + attempt}` });
      expect(response.statusCode).toBe(200);
      expect(response.json().data.map((row: { id: string }) => row.id)).toContain(product.id);
    }
    expect((await getProduct(product.id)).json().price).toBe(4242);
    // The back office's user reads are on the primary: a dead replica does not fail them.
    for (const url of ['/api/v1/users?limit=5', `/api/v1/users/${adminId}`]) {
      const response = await app.inject({ method: 'GET', url, headers: bearer(admin) });
      expect({ url, status: response.statusCode }).toEqual({ url, status: 200 });
    }
  });
});
