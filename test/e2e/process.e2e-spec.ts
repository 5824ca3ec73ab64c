import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, waitFor } from '../harness/free-port';
import { spawnApp } from '../harness/child-app';

describe('The service process', () => {
  describe('invalid configuration', () => {
    it('exits 1 naming each bad variable, never its value', async () => {
      const { result } = spawnApp({ PORT: 'eighty', DATABASE_URL: 'mysql://root:hunter2@db/shop', CORS_ALLOWED_ORIGINS: 'not an origin' });
      const { code, stderr } = await result;
      expect(code).toBe(1);
      const lines = stderr.split('\n').filter((line) => line.startsWith('  '));
      expect(lines.map((line) => line.trim().split(':')[0]).sort()).toEqual(['CORS_ALLOWED_ORIGINS', 'DATABASE_URL', 'PORT']);
      expect(stderr).not.toContain('hunter2');
      expect(stderr).not.toContain('eighty');
    });

    it('requires the database, Redis and strong JWT secrets in production, where embedded mode is impossible', async () => {
      const { result } = spawnApp({ NODE_ENV: 'production', JWT_ACCESS_SECRET: 'short', CORS_ALLOWED_ORIGINS: '*' });
      const { code, stderr } = await result;
      expect(code).toBe(1);
      for (const variable of ['DATABASE_URL', 'REDIS_URL', 'JWT_ACCESS_SECRET', 'JWT_REFRESH_SECRET', 'CORS_ALLOWED_ORIGINS']) {
        expect(stderr).toMatch(new RegExp(`^  ${variable}: `, 'm'));
      }
      expect(stderr).not.toContain('short');
    });
  });

  describe('graceful shutdown', () => {
    it('on SIGTERM turns readiness 503, lets the in-flight request finish and exits 0', async () => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const { child, result } = spawnApp({
        DATABASE_URL: process.env.DATABASE_URL,
        DATABASE_REPLICA_URLS: process.env.DATABASE_REPLICA_URLS,
        REDIS_URL: process.env.REDIS_URL,
        PORT: String(port),
        SHUTDOWN_DRAIN_DELAY_MS: '600',
        SHUTDOWN_TIMEOUT_MS: '8000',
      });
      await waitFor(async () => (await fetch(`${base}/health/ready`)).status === 200, { what: 'the child service to be ready', timeoutMs: 30_000 });

      const slow = fetch(`${base}/api/v1/fixtures/slow?ms=1500`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await fetch(`${base}/health/ready`)).status).toBe(503);

      const response = await slow;
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ finished: true });
      const { code, stdout, stderr } = await result;
      if (code !== 0) process.stderr.write(stdout.slice(-3000) + stderr.slice(-3000));
      expect(code).toBe(0);
      expect(stdout).toContain('"msg":"Stopped"');
    });
  });

  describe('embedded development mode', () => {
    it('with no DATABASE_URL and no REDIS_URL starts its own PostgreSQL, migrates, serves, and stops it on Ctrl-C', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'catalog-embedded-'));
      // PostgreSQL runs as an unprivileged user when we are root: it must be able to reach the folder.
      chmodSync(dir, 0o755);
      const [port, databasePort] = [await freePort(), await freePort()];
      const { child, result } = spawnApp({ PORT: String(port), EMBEDDED_DATABASE_DIR: join(dir, 'postgres'), EMBEDDED_DATABASE_PORT: String(databasePort) });
      try {
        const ready = await waitFor(
          async () => {
            const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
            return response.status === 200 && ((await response.json()) as { details: Record<string, { status: string; mode?: string }> });
          },
          { what: 'the embedded-mode service to be ready', timeoutMs: 60_000, intervalMs: 500 },
        );
        expect(ready.details['database:primary'].status).toBe('up');
        expect(ready.details.redis.mode).toMatch(/in-process/);
        child.kill('SIGINT');
        const { code, stdout } = await result;
        expect(code).toBe(0);
        expect(stdout).toMatch(/single-instance development mode/i);
        await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
        // The embedded PostgreSQL went down with the service.
        const client = new Client({ host: '127.0.0.1', port: databasePort, user: 'postgres', password: 'postgres', database: 'catalog' });
        await expect(client.connect()).rejects.toThrow();
      } finally {
        child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
