import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { Role } from '../../src/users/role';
import { bootApp } from '../harness/app';
import { DEFAULT_PASSWORD, signedIn } from '../harness/factories';
import { listening } from '../harness/http-client';
import { CLIENT_TYPES_FILE, generateClientTypes, typeCheck } from './client-types';
import { answerRecorder, undocumentedAnswers } from './documented-answers';
import { account, type Api, browse, edit, exhaustLogins, invalidProduct } from './journey';

const JOURNEY_FILE = join(__dirname, 'journey.ts');
const UPDATE = process.env.UPDATE_OPENAPI_CLIENT === '1';
/** Small, so that the journey reaches the per-account credential limit in a few attempts. */
const CREDENTIALS_EMAIL_LIMIT = 3;
const PROBLEM_JSON = /^application\/problem\+json/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ETAG = /^"\d+-[A-Za-z0-9_-]+"$/;

/** The first line where `actual` departs from `expected`, with some context, for a failure message. */
function firstDifference(expected: string, actual: string): string {
  const [was, is] = [expected.split('\n'), actual.split('\n')];
  let line = 0;
  while (line < Math.max(was.length, is.length) && was[line] === is[line]) line++;
  const excerpt = (lines: string[]) => lines.slice(Math.max(0, line - 3), line + 4).join('\n');
  return `first difference at line ${line + 1}\n--- committed\n${excerpt(was)}\n+++ live document\n${excerpt(is)}`;
}

describe('Contract: a typed client generated from the live OpenAPI document', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let document: OpenAPIObject;
  let liveTypes: string;

  beforeAll(async () => {
    app = await bootApp({ module: AppModule, env: { RATE_LIMIT_CREDENTIALS_EMAIL_LIMIT: String(CREDENTIALS_EMAIL_LIMIT) } });
    baseUrl = await listening(app);
    const answer = await fetch(`${baseUrl}/docs-json`);
    expect(answer.status).toBe(200);
    const text = await answer.text();
    document = JSON.parse(text) as OpenAPIObject;
    liveTypes = await generateClientTypes(text);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('commits the client types of the live document in catalog-api.d.ts', () => {
    const committed = existsSync(CLIENT_TYPES_FILE) ? readFileSync(CLIENT_TYPES_FILE, 'utf8') : '';
    if (committed === liveTypes) return;
    if (UPDATE) return writeFileSync(CLIENT_TYPES_FILE, liveTypes);
    throw new Error(
      'test/contract/catalog-api.d.ts is not what openapi-typescript generates from the live OpenAPI document.\n' +
        'If the document changed on purpose, regenerate it with `UPDATE_OPENAPI_CLIENT=1 npx jest test/contract` and commit it.\n' +
        firstDifference(committed, liveTypes),
    );
  });

  it('type-checks the client journey against the live document', () => {
    expect(typeCheck(JOURNEY_FILE, { [CLIENT_TYPES_FILE]: liveTypes })).toBe('');
  });

  describe('runs the journey against the service', () => {
    let adminToken: string;
    /** The service, with every answer the journey gets recorded, to be checked against the document. */
    const watched = () => {
      const { middleware, answers } = answerRecorder();
      const api: Api = { baseUrl, middleware: [middleware] };
      return { api, undocumented: () => undocumentedAnswers(document, answers) };
    };

    beforeAll(async () => {
      adminToken = (await signedIn(app, Role.Admin)).accessToken;
    });

    it('registers, logs in, refreshes, and refuses a spent refresh token', async () => {
      const email = `contract-${randomUUID()}@example.com`;
      const { api, undocumented } = watched();
      const journey = await account(api, { email, password: DEFAULT_PASSWORD, name: 'Ada Contract' });

      expect(journey.registered.user).toMatchObject({ email, role: 'customer', name: 'Ada Contract', disabled: false });
      expect(journey.registered.user.id).toMatch(UUID);
      expect(journey.registered.tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
      expect(journey.login).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
      expect(journey.refreshed.refreshToken).not.toBe(journey.login.refreshToken);
      expect(journey.me).toMatchObject({ id: journey.registered.user.id, email });
      expect(journey.me.lastLoginAt).not.toBeNull();

      expect(journey.reuse.contentType).toMatch(PROBLEM_JSON);
      expect(journey.reuse.problem).toMatchObject({ status: 401, code: 'UNAUTHORIZED', instance: '/api/v1/auth/refresh' });
      expect(journey.reuse.problem.requestId).toBe(journey.reuse.requestId);
      expect(journey.revoked).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });

      expect(undocumented()).toEqual([]);
    });

    it('lists a category two products at a time with the cursor, then in one default page', async () => {
      const { api, undocumented } = watched();
      const { category, created, first, second, whole } = await browse(api, adminToken);
      const newestFirst = created.map(({ id }) => id).reverse();

      expect(created.map(({ categoryId }) => categoryId)).toEqual([category.id, category.id, category.id]);
      expect(first.data.map(({ id }) => id)).toEqual(newestFirst.slice(0, 2));
      expect(first.page).toMatchObject({ limit: 2, hasMore: true });
      expect(first.page.nextCursor).toEqual(expect.any(String));
      expect(second.data.map(({ id }) => id)).toEqual(newestFirst.slice(2));
      expect(second.page).toMatchObject({ limit: 2, hasMore: false, nextCursor: null });
      expect(whole.data.map(({ id }) => id)).toEqual(newestFirst);
      expect(whole.page).toMatchObject({ limit: 20, hasMore: false, nextCursor: null });

      expect(undocumented()).toEqual([]);
    });

    it('replays an idempotent create, answers 304 to a current ETag and 412 to a stale If-Match', async () => {
      const { api, undocumented } = watched();
      const journey = await edit(api, adminToken);

      // Idempotency-Key: the retry gets the first answer again, marked as a replay, and creates nothing.
      expect(journey.created.replayed).toBeNull();
      expect(journey.replay.replayed).toBe('true');
      expect(journey.replay.body).toEqual(journey.created.body);
      expect(journey.replay.etag).toBe(journey.created.etag);
      const rows = await app.get(DataSource).query<unknown[]>('SELECT 1 FROM products WHERE sku = $1', [journey.created.body.sku]);
      expect(rows).toHaveLength(1);
      expect(journey.created.body).toMatchObject({ price: 24900, currency: 'EUR', stock: 4, version: 1, isActive: true });

      // A shopper's read by slug carries the row's ETag; sending it back gets 304 with the same tag.
      expect(journey.read.body).toEqual(journey.created.body);
      expect(journey.read.etag).toMatch(ETAG);
      expect(journey.read.etag).toBe(journey.created.etag);
      expect(journey.read.cache).toBe('MISS');
      expect(journey.revalidated).toEqual({ status: 304, etag: journey.read.etag });

      // If-Match with the current tag applies the change and yields a new tag; the old tag is now stale: 412.
      expect(journey.updated.body).toMatchObject({ id: journey.created.body.id, price: 25000, version: 2 });
      expect(journey.updated.etag).toMatch(ETAG);
      expect(journey.updated.etag).not.toBe(journey.read.etag);
      expect(journey.stale.status).toBe(412);
      expect(journey.stale.contentType).toMatch(PROBLEM_JSON);
      expect(journey.stale.problem).toMatchObject({ status: 412, code: 'PRECONDITION_FAILED', instance: `/api/v1/products/${journey.created.body.id}` });
      expect(journey.stale.problem.requestId).toBe(journey.stale.requestId);

      expect(undocumented()).toEqual([]);
    });

    it('answers 429 with Retry-After once an account has had its credential attempts', async () => {
      const { api, undocumented } = watched();
      const journey = await exhaustLogins(api, `nobody-${randomUUID()}@example.com`, CREDENTIALS_EMAIL_LIMIT + 1);

      expect(journey.statuses).toEqual([...Array<number>(CREDENTIALS_EMAIL_LIMIT).fill(401), 429]);
      expect(journey.contentType).toMatch(PROBLEM_JSON);
      expect(journey.problem).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS', title: 'Too Many Requests', instance: '/api/v1/auth/login' });
      expect(journey.problem.requestId).toBe(journey.requestId);
      const retryAfter = Number(journey.retryAfter);
      expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 900).toBe(true);
      expect(journey.rateLimit?.split(', ')).toContain(`"credentials-email";r=0;t=${retryAfter}`);

      expect(undocumented()).toEqual([]);
    });

    it('reads a validation error through the typed problem body', async () => {
      const requestId = `contract-${randomUUID()}`;
      const { api, undocumented } = watched();
      const journey = await invalidProduct(api, adminToken, requestId);

      expect(journey.contentType).toMatch(PROBLEM_JSON);
      expect(journey.requestId).toBe(requestId);
      expect(journey.problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', instance: '/api/v1/products', requestId });
      expect(journey.fields).toEqual([{ field: 'price', message: expect.stringMatching(/price/) }]);

      expect(undocumented()).toEqual([]);
    });
  });
});
