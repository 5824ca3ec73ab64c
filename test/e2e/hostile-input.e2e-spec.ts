import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MAX_JSON_DEPTH } from '../../src/common/http/body-parsers';
import { MAX_PARAM_LENGTH } from '../../src/common/problem/early-problems';
import { useServerErrorReporter } from '../../src/observability/observability-runtime';
import { Role } from '../../src/users/role';
import { bootApp } from '../harness/app';
import { createCategory, createProduct } from '../harness/catalog-factories';
import { bearer, createUser, DEFAULT_PASSWORD, signedIn, type TestUser, type Tokens } from '../harness/factories';
import { waitFor } from '../harness/free-port';
import { listening, rawExchange } from '../harness/http-client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string | Buffer;
}

/** `depth` arrays, one inside the other. */
const nested = (depth: number, inner = '') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

/**
 * Inputs a careless or hostile client sends: each is the client's mistake, so each is a 4xx problem+json with the
 * request id, and none is logged as an error or reported to error monitoring.
 */
describe('Hostile input', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let admin: TestUser & Tokens;
  let errorLogs: jest.SpyInstance;
  const reported = jest.fn();

  beforeAll(async () => {
    app = await bootApp({ env: { CATALOG_CACHE_ENABLED: 'false' } });
    baseUrl = await listening(app);
    admin = await signedIn(app, Role.Admin);
    useServerErrorReporter(reported);
  });

  afterAll(async () => {
    await app.close();
  });

  beforeEach(() => {
    errorLogs = jest.spyOn(Logger.prototype, 'error');
    reported.mockClear();
  });

  afterEach(() => {
    errorLogs.mockRestore();
  });

  /** The answer is the problem `status`/`code` with the request id of its header, and nothing was logged as an error. */
  function expectClientProblem(answer: Answer, status: number, code: string): Record<string, unknown> {
    const body = JSON.parse(answer.body.toString()) as Record<string, unknown>;
    expect({ status: answer.statusCode, code: body.code }).toEqual({ status, code });
    expect(answer.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String), instance: expect.any(String) });
    expect(body.requestId).toEqual(expect.any(String));
    expect(body.requestId).toBe(answer.headers['x-request-id']);
    expect(errorLogs).not.toHaveBeenCalled();
    expect(reported).not.toHaveBeenCalled();
    return body;
  }

  const get = (url: string, token?: string) => app.inject({ method: 'GET', url, headers: token ? bearer(token) : {} });

  describe('U+0000, which PostgreSQL cannot store, is refused before any statement', () => {
    it.each([
      ['a product id or slug', '/api/v1/products/a%00b', 'idOrSlug'],
      ['a category id or slug', '/api/v1/categories/%00', 'idOrSlug'],
      ['a product search', '/api/v1/products?q=lamp%00', 'q'],
    ])('in %s', async (_, url, field) => {
      const body = expectClientProblem(await get(url), 400, 'VALIDATION_FAILED');
      expect(body.errors).toEqual([{ field, message: `${field} must not contain the character U+0000` }]);
    });

    it.each([
      ['the users list', '/api/v1/users?email=a%00', 'email'],
      ['an audit-log filter', '/api/v1/audit-logs?resourceType=product&resourceId=a%00', 'resourceId'],
    ])("in %s's filters", async (_, url, field) => {
      const body = expectClientProblem(await get(url, admin.accessToken), 400, 'VALIDATION_FAILED');
      expect(body.errors).toEqual([{ field, message: `${field} must not contain the character U+0000` }]);
    });

    it('in a login email, and in a body field name', async () => {
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a\u0000b@example.com', password: DEFAULT_PASSWORD } });
      expect(expectClientProblem(login, 400, 'VALIDATION_FAILED').errors).toEqual([{ field: 'email', message: 'email must not contain the character U+0000' }]);
      const key = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'a@example.com', password: DEFAULT_PASSWORD, 'x\u0000': 1 },
      });
      expect(expectClientProblem(key, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'x\u0000', message: 'x\u0000 must not contain the character U+0000' },
      ]);
    });

    it('in a field an admin writes, leaving the row as it was', async () => {
      const product = await createProduct(app, admin.accessToken);
      const response = await app.inject({
        method: 'PATCH',
        url: `/api/v1/products/${product.id}`,
        headers: { ...bearer(admin.accessToken), 'if-match': `"${product.version}"` },
        payload: { description: 'before\u0000after' },
      });
      expect(expectClientProblem(response, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'description', message: 'description must not contain the character U+0000' },
      ]);
      expect((await get(`/api/v1/products/${product.id}`, admin.accessToken)).json()).toMatchObject({ version: product.version });
    });

    it.each(['text', 'jsonb'])('and a statement that still gets one (%s) is a 400, logged as a warning only', async (as) => {
      const warnings = jest.spyOn(Logger.prototype, 'warn');
      try {
        const body = expectClientProblem(await get(`/api/v1/fixtures/unstorable-text?as=${as}`), 400, 'BAD_REQUEST');
        expect(body.detail).toBe('The request holds text the database cannot store, such as the character U+0000');
        expect(warnings).toHaveBeenCalledWith(
          expect.objectContaining({ event: 'database.unstorable_text', sqlState: as === 'text' ? '22021' : '22P05' }),
          'Text the database cannot store reached a statement',
        );
      } finally {
        warnings.mockRestore();
      }
    });
  });

  describe('deeply nested JSON', () => {
    const register = (payload: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/register', headers: { 'content-type': 'application/json' }, payload });

    it('is refused before validation: 30,000 levels (60 KB) to registration is a 400', async () => {
      const payload = `{"email":"deep@example.com","password":"${DEFAULT_PASSWORD}","name":${nested(30_000)}}`;
      expect(payload.length).toBeGreaterThan(60_000);
      const body = expectClientProblem(await register(payload), 400, 'BODY_TOO_DEEP');
      expect(body.detail).toBe(`The JSON body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);
    });

    it('is refused on routes whose interceptors read the body before the pipe (idempotent creation)', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/products',
        headers: { ...bearer(admin.accessToken), 'content-type': 'application/json', 'idempotency-key': 'deep-body-key-0001' },
        payload: `{"sku":"DEEP-1","name":"Deep","price":1,"stock":1,"description":${nested(20_000, '"x"')}}`,
      });
      expectClientProblem(response, 400, 'BODY_TOO_DEEP');
    });

    it(`counts levels, not brackets in strings: ${MAX_JSON_DEPTH} levels reach validation, one more does not`, async () => {
      const echo = (payload: string) => app.inject({ method: 'POST', url: '/api/v1/fixtures/echo', headers: { 'content-type': 'application/json' }, payload });
      expectClientProblem(await echo(`{"name":"x","price":${nested(MAX_JSON_DEPTH - 1)}}`), 400, 'VALIDATION_FAILED');
      expectClientProblem(await echo(`{"name":"x","price":${nested(MAX_JSON_DEPTH)}}`), 400, 'BODY_TOO_DEEP');
      const brackets = await echo(JSON.stringify({ name: `${'[{'.repeat(5_000)} \\" ${'['.repeat(100)}` }));
      expect(brackets.statusCode).toBe(200);
      expect(brackets.json().name).toBe(`${'[{'.repeat(5_000)} \\" ${'['.repeat(100)}`);
    });

    it("keeps the parser's protections and the form parser", async () => {
      const poisoned = await app.inject({
        method: 'POST',
        url: '/api/v1/fixtures/echo',
        headers: { 'content-type': 'application/json' },
        payload: '{"name":"x","__proto__":{"polluted":true}}',
      });
      expect(expectClientProblem(poisoned, 400, 'BAD_REQUEST').detail).toMatch(/not valid JSON/);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      const form = await app.inject({
        method: 'POST',
        url: '/api/v1/fixtures/echo',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'name=form+body',
      });
      expect(form.json()).toEqual({ name: 'form body' });
    });
  });

  describe('a cursor of one list sent to another', () => {
    const lists = {
      products: '/api/v1/products',
      categories: '/api/v1/categories',
      users: '/api/v1/users',
      'audit-logs': '/api/v1/audit-logs',
    };
    let cursors: Record<keyof typeof lists, string>;

    beforeAll(async () => {
      for (let index = 0; index < 2; index++) {
        await createProduct(app, admin.accessToken);
        await createCategory(app, admin.accessToken);
        await createUser(app);
      }
      const firstCursor = (url: string) =>
        waitFor(async () => (await get(`${url}?limit=1`, admin.accessToken)).json().page?.nextCursor as string | undefined, { what: `a cursor of ${url}` });
      cursors = {
        products: await firstCursor(lists.products),
        categories: await firstCursor(lists.categories),
        users: await firstCursor(lists.users),
        'audit-logs': await firstCursor(lists['audit-logs']),
      };
    });

    it('is refused with 400 INVALID_CURSOR by every other list, and accepted by its own', async () => {
      for (const [issuer, cursor] of Object.entries(cursors)) {
        for (const [reader, url] of Object.entries(lists)) {
          const response = await get(`${url}?limit=1&cursor=${encodeURIComponent(cursor)}`, admin.accessToken);
          if (reader === issuer) {
            expect({ issuer, reader, status: response.statusCode }).toEqual({ issuer, reader, status: 200 });
          } else {
            expect({ issuer, reader, status: response.statusCode }).toEqual({ issuer, reader, status: 400 });
            expectClientProblem(response, 400, 'INVALID_CURSOR');
          }
        }
      }
    });
  });

  describe('what the router and the HTTP parser refuse, before any route', () => {
    /** The raw answer, checked as {@link expectClientProblem} does, plus the edge's headers and the closed connection. */
    async function expectRawProblem(request: string, status: number, code: string) {
      const answer = await rawExchange(baseUrl, request);
      const body = expectClientProblem(answer, status, code);
      expect(body.requestId).toMatch(UUID);
      expect(answer.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'cache-control': 'no-store' });
      return { answer, body };
    }

    it('a path with a trailing slash or an empty segment is a 404, never a 405 naming the method it refused', async () => {
      for (const [method, url] of [
        ['GET', '/api/v1/users/'],
        ['GET', '/health/live/'],
        ['GET', '/api/v1/products/abc/'],
        ['POST', '/api/v1/products//stock-adjustments'],
      ] as const) {
        const response = await app.inject({ method, url });
        expect([url, response.statusCode, response.json().code]).toEqual([url, 404, 'ROUTE_NOT_FOUND']);
      }
      const wrongMethod = await app.inject({ method: 'PUT', url: '/api/v1/users' });
      expect(wrongMethod.statusCode).toBe(405);
      expect(wrongMethod.headers.allow).not.toContain('PUT');
    });

    it('a product slug as long as slugs may be is read like any other', async () => {
      const slug = `long-${'a'.repeat(215)}`;
      const product = await createProduct(app, admin.accessToken, { slug });
      expect(product.slug).toHaveLength(220);
      const response = await rawExchange(baseUrl, `GET /api/v1/products/${slug} HTTP/1.1\r\nHost: catalog\r\nConnection: close\r\n\r\n`);
      expect(response.statusCode).toBe(200);
      expect(JSON.parse(response.body.toString())).toMatchObject({ id: product.id });
    });

    it(`a path segment over ${MAX_PARAM_LENGTH} characters is a 414`, async () => {
      const { body } = await expectRawProblem(
        `GET /api/v1/products/${'a'.repeat(MAX_PARAM_LENGTH + 1)} HTTP/1.1\r\nHost: catalog\r\nConnection: close\r\n\r\n`,
        414,
        'URI_TOO_LONG',
      );
      expect(body).toMatchObject({ type: 'about:blank', title: 'URI Too Long', instance: `/api/v1/products/${'a'.repeat(MAX_PARAM_LENGTH + 1)}` });
    });

    it('a request line over the header limit is a 414', async () => {
      const { answer, body } = await expectRawProblem(`GET /api/v1/products?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: catalog\r\n\r\n`, 414, 'URI_TOO_LONG');
      expect(answer.headers.connection).toBe('close');
      expect(body.instance).toBe('');
    });

    it('headers over the limit are a 431', async () => {
      const { answer, body } = await expectRawProblem(
        `GET /health/live HTTP/1.1\r\nHost: catalog\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`,
        431,
        'REQUEST_HEADER_FIELDS_TOO_LARGE',
      );
      expect(answer.headers.connection).toBe('close');
      expect(body).toMatchObject({ title: 'Request Header Fields Too Large', instance: '/health/live' });
    });

    it('a malformed request (a raw U+0000 in the path, in a header) is a 400', async () => {
      await expectRawProblem('GET /api/v1/products/a\u0000b HTTP/1.1\r\nHost: catalog\r\n\r\n', 400, 'BAD_REQUEST');
      await expectRawProblem('GET /health/live HTTP/1.1\r\nHost: catalog\r\nX-Note: a\u0000b\r\n\r\n', 400, 'BAD_REQUEST');
    });

    it('a malformed percent-encoding in the path is a 400', async () => {
      const { body } = await expectRawProblem('GET /api/v1/products/%zz HTTP/1.1\r\nHost: catalog\r\nConnection: close\r\n\r\n', 400, 'BAD_REQUEST');
      expect(body).toMatchObject({ detail: 'The path holds a malformed percent-encoding', instance: '/api/v1/products/%zz' });
    });

    it('answers the next request on a fresh connection as usual', async () => {
      const answer = await rawExchange(baseUrl, 'GET /health/live HTTP/1.1\r\nHost: catalog\r\nConnection: close\r\n\r\n');
      expect(answer.statusCode).toBe(200);
    });
  });
});
