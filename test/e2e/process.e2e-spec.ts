import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { spawnApp, waitUntilServing } from '../harness/child-app';
import { killProcessGroup } from '../harness/child-processes';
import { freePort, waitFor } from '../harness/free-port';

/** A GET whose `sent` settles once the whole request is on the wire, `answer` with the response. */
function sendGet(url: string): { sent: Promise<void>; answer: Promise<{ status: number; body: string }> } {
  let onSent!: () => void;
  const sent = new Promise<void>((resolve) => (onSent = resolve));
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = get(url, { agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    request.on('finish', onSent);
    request.on('error', reject);
  });
  return { sent, answer };
}

describe('The service process', () => {
  // Each test compiles and boots the service in a child process: minutes on a loaded machine.
  describe('invalid configuration', () => {
    it('exits 1 naming each bad variable, never its value', async () => {
      const { result } = spawnApp({ PORT: 'eighty', DATABASE_URL: 'mysql://root:hunter2@db/shop', CORS_ALLOWED_ORIGINS: 'not an origin' });
      const { code, stderr } = await result;
      expect(code).toBe(1);
      const lines = stderr.split('\n').filter((line) => line.startsWith('  '));
      expect(lines.map((line) => line.trim().split(':')[0]).sort()).toEqual(['CORS_ALLOWED_ORIGINS', 'DATABASE_URL', 'PORT']);
      expect(stderr).not.toContain('hunter2');
      expect(stderr).not.toContain('eighty');
    }, 300_000);

    it('requires the database, Redis and strong JWT secrets in production, where embedded mode is impossible', async () => {
      const { result } = spawnApp({ NODE_ENV: 'production', JWT_ACCESS_SECRET: 'short', CORS_ALLOWED_ORIGINS: '*' });
      const { code, stderr } = await result;
      expect(code).toBe(1);
      for (const variable of ['DATABASE_URL', 'REDIS_URL', 'JWT_ACCESS_SECRET', 'JWT_REFRESH_SECRET', 'CORS_ALLOWED_ORIGINS']) {
        expect(stderr).toMatch(new RegExp(`^  ${variable}: `, 'm'));
      }
      expect(stderr).not.toContain('short');
    }, 300_000);
  });

  describe('graceful shutdown', () => {
    it('on SIGTERM turns readiness 503, lets the in-flight request finish and exits 0', async () => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const app = spawnApp({
        DATABASE_URL: process.env.DATABASE_URL,
        DATABASE_REPLICA_URLS: process.env.DATABASE_REPLICA_URLS,
        REDIS_URL: process.env.REDIS_URL,
        PORT: String(port),
        // Windows wide enough for a busy machine: readiness is seen 503 during the drain, and the request, sent
        // before the signal, is still running when the server closes after it.
        SHUTDOWN_DRAIN_DELAY_MS: '3000',
        SHUTDOWN_TIMEOUT_MS: '60000',
      });
      await waitUntilServing(app, `${base}/health/ready`);

      const slow = sendGet(`${base}/api/v1/fixtures/slow?ms=8000`);
      let finished = false;
      void slow.answer.then(() => (finished = true)).catch(() => undefined);
      await slow.sent;
      app.child.kill('SIGTERM');
      await waitFor(async () => (await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(5_000) })).status === 503, {
        what: 'readiness to turn 503 during the drain',
        timeoutMs: 30_000,
      });

      // The drain over, the server accepts no new connection, while the request it has is still running.
      await waitFor(
        () =>
          fetch(`${base}/health/live`, { signal: AbortSignal.timeout(5_000) }).then(
            () => false,
            () => true,
          ),
        { what: 'the server to stop accepting connections', timeoutMs: 30_000 },
      );
      expect(finished).toBe(false);
      const response = await slow.answer;
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toEqual({ finished: true });
      const { code, stdout, stderr } = await app.result;
      if (code !== 0) process.stderr.write(stdout.slice(-3000) + stderr.slice(-3000));
      expect(code).toBe(0);
      expect(stdout).toContain('"msg":"Stopped"');
    }, 300_000);
  });

  describe('embedded development mode', () => {
    it('with no DATABASE_URL and no REDIS_URL starts its own PostgreSQL, migrates, serves, and stops it on Ctrl-C', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'catalog-embedded-'));
      // PostgreSQL runs as an unprivileged user when we are root: it must be able to reach the folder.
      chmodSync(dir, 0o755);
      const [port, databasePort] = [await freePort(), await freePort()];
      const app = spawnApp({ PORT: String(port), EMBEDDED_DATABASE_DIR: join(dir, 'postgres'), EMBEDDED_DATABASE_PORT: String(databasePort) });
      try {
        const ready = await waitUntilServing(app, `http://127.0.0.1:${port}/health/ready`, {
          what: 'the embedded-mode service to be ready',
          ready: async (response) => response.status === 200 && ((await response.json()) as { details: Record<string, { status: string; mode?: string }> }),
        });
        expect(ready.details['database:primary'].status).toBe('up');
        expect(ready.details.redis.mode).toMatch(/in-process/);
        app.child.kill('SIGINT');
        const { code, stdout } = await app.result;
        expect(code).toBe(0);
        expect(stdout).toMatch(/single-instance development mode/i);
        await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
        // The embedded PostgreSQL went down with the service.
        const client = new Client({ host: '127.0.0.1', port: databasePort, user: 'postgres', password: 'postgres', database: 'catalog' });
        await expect(client.connect()).rejects.toThrow();
      } finally {
        // The service and its PostgreSQL are one process group: gone before their folder is removed.
        if (app.child.pid) await killProcessGroup(app.child.pid);
        rmSync(dir, { recursive: true, force: true });
      }
    }, 300_000);
  });
});
