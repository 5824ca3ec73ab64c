import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bootApp } from '../harness/app';
import { freePort } from '../harness/free-port';

describe('/metrics protection', () => {
  it('answers only the bearer token when METRICS_TOKEN is set', async () => {
    const app = await bootApp({ env: { METRICS_TOKEN: 'scrape-token-0123456789' } });
    try {
      const anonymous = await app.inject({ method: 'GET', url: '/metrics' });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.headers['content-type']).toMatch(/problem\+json/);
      expect((await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong-token-000000000' } })).statusCode).toBe(401);
      const scraped = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer scrape-token-0123456789' } });
      expect(scraped.statusCode).toBe(200);
      expect(scraped.body).toContain('process_cpu_user_seconds_total');
    } finally {
      await app.close();
    }
  });

  it('serves it only on METRICS_PORT when that is set', async () => {
    const port = await freePort();
    let app: NestFastifyApplication | undefined;
    try {
      app = await bootApp({ env: { METRICS_PORT: String(port) } });
      expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
      const scraped = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain('process_cpu_user_seconds_total');
      expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(404);
    } finally {
      await app?.close();
    }
  });
});
