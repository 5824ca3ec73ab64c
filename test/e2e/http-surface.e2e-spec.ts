import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bootApp } from '../harness/app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('HTTP surface', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await bootApp({ env: { CORS_ALLOWED_ORIGINS: 'https://shop.example.com' } });
  });

  afterAll(async () => {
    await app.close();
  });

  function expectProblem(response: { headers: Record<string, unknown>; json: () => Record<string, unknown> }, status: number, code: string) {
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.json();
    expect(body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String), instance: expect.any(String) });
    expect(body.requestId).toBe(response.headers['x-request-id']);
    return body;
  }

  describe('errors are RFC 9457 problem details', () => {
    it('answers an unknown route with 404 problem+json carrying the request id', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/v1/no-such-thing?x=1' });
      expect(response.statusCode).toBe(404);
      const body = expectProblem(response, 404, 'ROUTE_NOT_FOUND');
      expect(body.instance).toBe('/api/v1/no-such-thing');
      expect(body.requestId).toMatch(UUID);
    });

    it('answers a known path with the wrong method with 405 and Allow', async () => {
      const response = await app.inject({ method: 'DELETE', url: '/health/live' });
      expect(response.statusCode).toBe(405);
      expect(response.headers.allow).toBe('GET, HEAD');
      expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
    });

    it('refuses a body over the 100 KiB default with 413', async () => {
      const response = await app.inject({ method: 'POST', url: '/api/v1/fixtures/echo', payload: { name: 'x'.repeat(110 * 1024) } });
      expect(response.statusCode).toBe(413);
      expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('accepts a body under the limit', async () => {
      const response = await app.inject({ method: 'POST', url: '/api/v1/fixtures/echo', payload: { name: 'x'.repeat(90 * 1024) } });
      expect(response.statusCode).toBe(200);
    });

    it('refuses an unsupported media type with 415', async () => {
      const response = await app.inject({ method: 'POST', url: '/api/v1/fixtures/echo', headers: { 'content-type': 'text/xml' }, payload: '<a/>' });
      expect(response.statusCode).toBe(415);
      expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('refuses malformed JSON with 400', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/fixtures/echo',
        headers: { 'content-type': 'application/json' },
        payload: '{"name": ',
      });
      expect(response.statusCode).toBe(400);
      expect(expectProblem(response, 400, 'BAD_REQUEST').detail).toMatch(/not valid JSON/);
    });

    it('reports validation failures per field, unknown fields included', async () => {
      const response = await app.inject({ method: 'POST', url: '/api/v1/fixtures/echo', payload: { price: -1, role: 'admin' } });
      expect(response.statusCode).toBe(400);
      const body = expectProblem(response, 400, 'VALIDATION_FAILED');
      const fields = new Set((body.errors as Array<{ field: string }>).map((error) => error.field));
      expect([...fields].sort()).toEqual(['name', 'price', 'role']);
    });

    it('hides everything about an unexpected error and logs it whole under the same request id', async () => {
      const logged = jest.spyOn(Logger.prototype, 'error');
      const response = await app.inject({ method: 'GET', url: '/api/v1/fixtures/boom', headers: { 'x-request-id': 'trace-500-test' } });
      expect(response.statusCode).toBe(500);
      const body = expectProblem(response, 500, 'INTERNAL_ERROR');
      expect(body.requestId).toBe('trace-500-test');
      expect(response.body).not.toMatch(/SELECT|password|users_email_key|stack|at /i);
      expect(logged).toHaveBeenCalledWith(
        expect.objectContaining({ requestId: 'trace-500-test', err: expect.objectContaining({ message: expect.stringContaining('users_email_key') }) }),
        'Unhandled error',
      );
      logged.mockRestore();
    });
  });

  describe('request ids and context', () => {
    it('reuses a well-formed incoming X-Request-ID and echoes it', async () => {
      const response = await app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'abc-123' } });
      expect(response.headers['x-request-id']).toBe('abc-123');
    });

    it('replaces a malformed X-Request-ID with a UUID', async () => {
      const response = await app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'bad id\twith "quotes"' } });
      expect(response.headers['x-request-id']).toMatch(UUID);
    });

    it('makes the request id reachable from a singleton provider through AsyncLocalStorage', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/v1/fixtures/context', headers: { 'x-request-id': 'ctx-42' } });
      expect(response.json()).toMatchObject({ requestId: 'ctx-42', clientIp: '127.0.0.1' });
    });
  });

  describe('headers', () => {
    it('marks API responses Cache-Control: no-store unless the route says otherwise', async () => {
      expect((await app.inject({ method: 'GET', url: '/api/v1/fixtures/context' })).headers['cache-control']).toBe('no-store');
      expect((await app.inject({ method: 'GET', url: '/api/v1/no-such-thing' })).headers['cache-control']).toBe('no-store');
      expect((await app.inject({ method: 'GET', url: '/api/v1/fixtures/cached' })).headers['cache-control']).toBe('public, max-age=60');
    });

    it('announces a deprecated route with Deprecation, Sunset and a successor Link', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/v1/fixtures/old' });
      expect(response.headers.deprecation).toBe(`@${Date.parse('2026-01-01') / 1000}`);
      expect(response.headers.sunset).toBe('Wed, 30 Jun 2027 00:00:00 GMT');
      expect(response.headers.link).toBe('</api/v2/fixtures/new>; rel="successor-version"');
      expect((await app.inject({ method: 'GET', url: '/api/v1/fixtures/context' })).headers.deprecation).toBeUndefined();
    });

    it("sets OWASP's security headers for API answers, and helmet's HTML set on the documentation pages", async () => {
      for (const url of ['/health/live', '/api/v1/fixtures/context', '/api/v1/no-such-thing']) {
        const response = await app.inject({ method: 'GET', url });
        expect({ url, headers: response.headers }).toMatchObject({
          url,
          headers: { 'content-security-policy': "default-src 'none';frame-ancestors 'none'", 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' },
        });
        // The HTML-only ones have nothing to protect in JSON.
        expect(response.headers['referrer-policy']).toBeUndefined();
        // HSTS only in production, where TLS is certain.
        expect(response.headers['strict-transport-security']).toBeUndefined();
      }
      const docs = await app.inject({ method: 'GET', url: '/docs' });
      expect(docs.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
      expect(docs.headers['referrer-policy']).toBe('no-referrer');
      expect(docs.headers['x-frame-options']).toBe('SAMEORIGIN');
    });

    it('allows CORS only for listed origins', async () => {
      const allowed = await app.inject({ method: 'GET', url: '/health/live', headers: { origin: 'https://shop.example.com' } });
      expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example.com');
      const refused = await app.inject({ method: 'GET', url: '/health/live', headers: { origin: 'https://evil.example.net' } });
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('compresses responses above 1 KiB only', async () => {
      const large = await app.inject({ method: 'GET', url: '/api/v1/fixtures/large', headers: { 'accept-encoding': 'gzip' } });
      expect(large.headers['content-encoding']).toBe('gzip');
      const small = await app.inject({ method: 'GET', url: '/api/v1/fixtures/context', headers: { 'accept-encoding': 'gzip' } });
      expect(small.headers['content-encoding']).toBeUndefined();
    });
  });

  describe('API documentation', () => {
    it('serves Swagger UI at /docs', async () => {
      const response = await app.inject({ method: 'GET', url: '/docs' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.body).toContain('swagger-ui');
    });

    it('serves the OpenAPI 3 document at /docs-json with bearer auth declared and unversioned probes', async () => {
      const response = await app.inject({ method: 'GET', url: '/docs-json' });
      const document = response.json();
      expect(document.openapi).toMatch(/^3\./);
      expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready', '/api/v1/fixtures/echo']));
      expect(document.components.schemas.ProblemDetails).toBeDefined();
    });
  });
});
