import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CatalogCache } from '../../src/catalog/catalog-cache';
import { bootApp } from '../harness/app';
import { listening } from '../harness/http-client';

/** Native TLS (TLS_CERT_FILE, TLS_KEY_FILE): the server the adapter builds, with the catalog fast path in front. */
describe('Native TLS', () => {
  let dir: string;
  let cert: Buffer;
  let app: NestFastifyApplication;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'catalog-tls-'));
    const [certFile, keyFile] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost'].concat([
        '-addext',
        'subjectAltName=DNS:localhost',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ]),
      { stdio: 'ignore' },
    );
    cert = readFileSync(certFile);
    app = await bootApp({ env: { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile, REDIS_KEY_PREFIX: `test-${randomUUID()}:` } });
    port = Number(new URL(await listening(app)).port);
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string) =>
    new Promise<{ statusCode: number; headers: Record<string, unknown> }>((resolve, reject) => {
      const outgoing = request({ host: '127.0.0.1', port, path, ca: cert, servername: 'localhost', agent: false }, (response) => {
        response.resume();
        response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, headers: response.headers }));
      });
      outgoing.on('error', reject);
      outgoing.end();
    });

  it('answers over HTTPS only, with the keep-alive and request timeouts Fastify would set', async () => {
    expect((await get('/health/live')).statusCode).toBe(200);
    const server = app.getHttpServer();
    expect({ keepAlive: server.keepAliveTimeout, request: server.requestTimeout }).toEqual({ keepAlive: 72_000, request: 0 });
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
  });

  it('serves cached catalog answers from the fast path over TLS too', async () => {
    const url = '/api/v1/products?limit=3&inStock=true';
    expect((await get(url)).headers['x-cache']).toBe('MISS');
    const nest = jest.spyOn(app.get(CatalogCache), 'getOrLoad');
    const hit = await get(url);
    expect({ status: hit.statusCode, cache: hit.headers['x-cache'], loads: nest.mock.calls.length }).toEqual({ status: 200, cache: 'HIT', loads: 0 });
    nest.mockRestore();
  });
});
