import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject } from '@nestjs/swagger';
import type { LightMyRequestResponse } from 'fastify';
import { AppModule } from '../../src/app.module';
import { Role } from '../../src/users/role';
import { bootApp } from '../harness/app';
import { createProduct } from '../harness/catalog-factories';
import { signedIn } from '../harness/factories';

const run = promisify(execFile);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation {
  name: string;
  path: string;
  operation: OperationObject;
}

function operationsOf(document: OpenAPIObject): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ name: `${method.toUpperCase()} ${path}`, path, operation: item[method]! })),
  );
}

function resolve<T>(document: OpenAPIObject, value: T | ReferenceObject): T {
  if (!value || typeof value !== 'object' || !('$ref' in value)) return value as T;
  const [, , section, name] = value.$ref.split('/');
  return (document.components as Record<string, Record<string, T>>)[section][name];
}

const answerOf = (document: OpenAPIObject, operation: OperationObject, status: string): ResponseObject => {
  const answer = operation.responses[status];
  if (!answer) throw new Error(`status ${status} is not declared`);
  return resolve<ResponseObject>(document, answer);
};

/** The headers the document declares for one answer, lower-cased. */
const declaredHeaders = (document: OpenAPIObject, operation: OperationObject, status: string): string[] =>
  Object.keys(answerOf(document, operation, status).headers ?? {}).map((name) => name.toLowerCase());

const parameterNames = (document: OpenAPIObject, operation: OperationObject): string[] =>
  (operation.parameters ?? []).map((parameter) => `${resolve<ParameterObject>(document, parameter).in}:${resolve<ParameterObject>(document, parameter).name}`);

/** Headers declared but not sent on this answer (optional ones that only some answers carry are listed in `unless`). */
const missingHeaders = (declared: string[], response: LightMyRequestResponse, unless: string[] = []): string[] =>
  declared.filter((name) => !unless.includes(name) && response.headers[name] === undefined);

describe('OpenAPI document (/docs-json)', () => {
  let app: NestFastifyApplication;
  let document: OpenAPIObject;

  beforeAll(async () => {
    app = await bootApp({ module: AppModule });
    document = (await app.inject({ method: 'GET', url: '/docs-json' })).json();
  });
  afterAll(() => app.close());

  it('lints with 0 errors and 0 warnings under Redocly recommended rules (redocly.yaml)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(document));
      const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
      const redocly = join('node_modules', '.bin', 'redocly');
      // The CLI exits non-zero when it finds errors; its JSON report is on stdout either way.
      const { stdout } = await run(redocly, ['lint', '--config', 'redocly.yaml', '--format=json', file], { env }).catch((error: { stdout: string }) => error);
      const report = JSON.parse(stdout) as {
        totals: Record<string, number>;
        problems: Array<{ severity: string; ruleId: string; message: string; location: Array<{ pointer: string }> }>;
      };
      expect(report.problems.map((problem) => `${problem.severity} ${problem.ruleId}: ${problem.message} (${problem.location[0]?.pointer})`)).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('declares every error answer as application/problem+json with the ProblemDetails schema', () => {
    const wrong: string[] = [];
    for (const { name, operation } of operationsOf(document)) {
      for (const status of Object.keys(operation.responses).filter((code) => /^[45]/.test(code))) {
        const content = answerOf(document, operation, status).content ?? {};
        const schema = content['application/problem+json']?.schema as ReferenceObject | undefined;
        if (Object.keys(content).join() !== 'application/problem+json' || schema?.$ref !== '#/components/schemas/ProblemDetails')
          wrong.push(`${name} ${status}`);
      }
    }
    expect(wrong).toEqual([]);
    const problem = document.components!.schemas!.ProblemDetails as { properties: Record<string, { type?: string; items?: ReferenceObject }> };
    expect(problem.properties.errors).toMatchObject({ type: 'array', items: { $ref: '#/components/schemas/FieldProblem' } });
  });

  it('declares the request id on every answer, and 429 with the limit headers on every limited operation', () => {
    for (const { name, operation } of operationsOf(document)) {
      for (const status of Object.keys(operation.responses)) {
        expect([name, status, declaredHeaders(document, operation, status)]).toEqual([name, status, expect.arrayContaining(['x-request-id'])]);
      }
      expect([name, parameterNames(document, operation)]).toEqual([name, expect.arrayContaining(['header:X-Request-ID'])]);
      const limited = !name.includes('/health/');
      expect([name, '429' in operation.responses]).toEqual([name, limited]);
      if (limited) expect(declaredHeaders(document, operation, '429')).toEqual(expect.arrayContaining(['retry-after', 'ratelimit', 'ratelimit-policy']));
    }
  });

  it('says which operations are public, and that cached catalog reads take an optional token', () => {
    const security = Object.fromEntries(operationsOf(document).map(({ name, operation }) => [name, operation.security]));
    expect(security['POST /api/v1/auth/login']).toEqual([]);
    expect(security['GET /health/ready']).toEqual([]);
    expect(security['GET /api/v1/products/{idOrSlug}']).toEqual(expect.arrayContaining([{}, { bearer: [] }]));
    expect(security['PATCH /api/v1/products/{idOrSlug}']).toEqual([{ bearer: [] }]);
    expect(Object.entries(security).filter(([, value]) => value === undefined)).toEqual([]);
  });

  it('has one path per resource, optional page sizes, X-Cache as a response header and typed probes', () => {
    expect(Object.keys(document.paths).filter((path) => /\/(products|categories)\/\{id\}$/.test(path))).toEqual([]);
    const list = document.paths['/api/v1/products'].get!;
    const limit = list.parameters!.map((parameter) => resolve<ParameterObject>(document, parameter)).find((parameter) => parameter.name === 'limit');
    expect(limit).toMatchObject({ in: 'query', required: false, schema: { default: 20, minimum: 1, maximum: 100 } });
    expect(parameterNames(document, list)).not.toContain('header:X-Cache');
    expect(declaredHeaders(document, list, '200')).toEqual(expect.arrayContaining(['x-cache', 'cache-control']));
    for (const probe of ['/health/live', '/health/ready']) {
      const schema = answerOf(document, document.paths[probe].get!, '200').content!['application/json'].schema as ReferenceObject;
      expect(schema.$ref).toMatch(/^#\/components\/schemas\/(Liveness|Readiness)Dto$/);
    }
    expect(
      operationsOf(document)
        .filter(({ operation }) => !operation.summary)
        .map(({ name }) => name),
    ).toEqual([]);
    expect(document.servers?.length).toBeGreaterThan(0);
    expect(document.info.license?.name).toBeTruthy();
  });

  it('declares conditional reads (If-None-Match, 304) and writes (If-Match, 412), and replayed idempotent answers', () => {
    for (const path of ['/api/v1/products/{idOrSlug}', '/api/v1/categories/{idOrSlug}']) {
      const read = document.paths[path].get!;
      expect(parameterNames(document, read)).toContain('header:If-None-Match');
      expect(declaredHeaders(document, read, '304')).toContain('etag');
      const write = document.paths[path].patch!;
      expect(parameterNames(document, write)).toContain('header:If-Match');
      expect(Object.keys(write.responses)).toContain('412');
    }
    const create = document.paths['/api/v1/products'].post!;
    expect(parameterNames(document, create)).toContain('header:Idempotency-Key');
    expect(declaredHeaders(document, create, '201')).toEqual(expect.arrayContaining(['idempotent-replayed', 'location', 'etag']));
  });

  it('sends the headers it declares', async () => {
    const admin = await signedIn(app, Role.Admin);
    const product = await createProduct(app, admin.accessToken);
    const read = document.paths['/api/v1/products/{idOrSlug}'].get!;

    const ok = await app.inject({ method: 'GET', url: `/api/v1/products/${product.slug}` });
    expect(ok.statusCode).toBe(200);
    expect(missingHeaders(declaredHeaders(document, read, '200'), ok)).toEqual([]);

    const notModified = await app.inject({ method: 'GET', url: `/api/v1/products/${product.slug}`, headers: { 'if-none-match': String(ok.headers.etag) } });
    expect(notModified.statusCode).toBe(304);
    expect(missingHeaders(declaredHeaders(document, read, '304'), notModified)).toEqual([]);

    const notFound = await app.inject({ method: 'GET', url: '/api/v1/products/no-such-product' });
    expect(notFound.statusCode).toBe(404);
    expect(notFound.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missingHeaders(declaredHeaders(document, read, '404'), notFound)).toEqual([]);

    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers: { authorization: `Bearer ${admin.accessToken}` },
      payload: { sku: `SKU-DOC-${Date.now()}`, name: 'Declared headers', price: 100 },
    });
    expect(created.statusCode).toBe(201);
    expect(missingHeaders(declaredHeaders(document, document.paths['/api/v1/products'].post!, '201'), created, ['idempotent-replayed'])).toEqual([]);
  });
});

describe('OpenAPI document of a deprecated route', () => {
  let app: NestFastifyApplication;
  afterAll(() => app?.close());

  it('marks it deprecated and declares the Deprecation, Sunset and Link headers it sends', async () => {
    app = await bootApp();
    const document: OpenAPIObject = (await app.inject({ method: 'GET', url: '/docs-json' })).json();
    const operation = document.paths['/api/v1/fixtures/old'].get!;
    expect(operation.deprecated).toBe(true);
    expect(Object.keys(operation)).not.toContain('x-deprecation-policy');
    const declared = declaredHeaders(document, operation, '200');
    expect(declared).toEqual(expect.arrayContaining(['deprecation', 'sunset', 'link']));
    const response = await app.inject({ method: 'GET', url: '/api/v1/fixtures/old' });
    expect(missingHeaders(declared, response)).toEqual([]);
  });
});
