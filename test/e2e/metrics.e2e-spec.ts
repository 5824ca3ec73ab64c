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
      expect(anonymous.headers['www-authenticate']).toBe('Bearer');
      expect(anonymous.json()).toMatchObject({ status: 401, code: 'UNAUTHORIZED', instance: '/metrics' });
      expect(anonymous.body).not.toContain('process_cpu');
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
      const publicPort = await app.inject({ method: 'GET', url: '/metrics' });
      expect(publicPort.statusCode).toBe(404);
      expect(publicPort.body).not.toContain('process_cpu');
      const scraped = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain('process_cpu_user_seconds_total');
      const elsewhere = await fetch(`http://127.0.0.1:${port}/health/live`);
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.headers.get('content-type')).toBe('application/problem+json');
      expect(await elsewhere.json()).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND', instance: '/health/live' });
      const posted = await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST' });
      expect([posted.status, posted.headers.get('allow')]).toEqual([405, 'GET']);
    } finally {
      await app?.close();
    }
  });

  it('asks for the token on METRICS_PORT too when both are set', async () => {
    const port = await freePort();
    const app = await bootApp({ env: { METRICS_PORT: String(port), METRICS_TOKEN: 'scrape-token-0123456789' } });
    try {
      const anonymous = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
      expect(anonymous.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await anonymous.json()) as { requestId: string };
      expect(problem).toMatchObject({ type: 'about:blank', title: 'Unauthorized', status: 401, code: 'UNAUTHORIZED', instance: '/metrics' });
      expect(problem.requestId).toBe(anonymous.headers.get('x-request-id'));
      const scraped = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: 'Bearer scrape-token-0123456789' } });
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain('http_request_duration_seconds');
    } finally {
      await app.close();
    }
  });
});
