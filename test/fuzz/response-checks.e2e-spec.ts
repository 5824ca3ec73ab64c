import { operationsOf, type OpenApiDocument } from './openapi-document';
import { type Answer, ResponseChecks, toJsonSchema } from './response-checks';

/** The fuzz is only as strict as its checks: each contract break it must catch, on a small document. */
describe(ResponseChecks.name, () => {
  const document: OpenApiDocument = {
    openapi: '3.0.0',
    paths: {
      '/things/{id}': {
        get: {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'OK',
              headers: { 'X-Cache': { schema: { type: 'string', enum: ['HIT', 'MISS'] } }, 'Retry-After': { schema: { type: 'integer', minimum: 0 } } },
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
            },
            '304': { description: 'Not Modified' },
            '404': { $ref: '#/components/responses/Problem' },
          },
        },
      },
    },
    components: {
      schemas: {
        Thing: {
          type: 'object',
          properties: { id: { type: 'string', format: 'uuid' }, note: { type: 'string', nullable: true }, count: { type: 'integer', minimum: 0 } },
          required: ['id', 'note'],
        },
        Problem: { type: 'object', properties: { status: { type: 'number' }, requestId: { type: 'string' } }, required: ['status', 'requestId'] },
      },
      responses: { Problem: { description: 'Error', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } } },
    },
  };
  const [operation] = operationsOf(document);
  const sut = new ResponseChecks(document);
  const id = '7d0f7c1e-8b0a-4a53-9a6e-5c1f0e2b9d41';
  const answer = (statusCode: number, body: unknown, headers: Answer['headers'] = {}): Answer => ({
    statusCode,
    headers: {
      'x-request-id': 'req-1',
      ...(body === undefined ? {} : { 'content-type': statusCode >= 400 ? 'application/problem+json' : 'application/json; charset=utf-8' }),
      ...headers,
    },
    rawPayload: Buffer.from(body === undefined ? '' : JSON.stringify(body)),
  });

  it('accepts answers that keep the contract', () => {
    expect(sut.violations(operation, answer(200, { id, note: null, count: 2 }, { 'x-cache': 'HIT', 'retry-after': '3' }))).toEqual([]);
    expect(sut.violations(operation, answer(304, undefined))).toEqual([]);
    expect(sut.violations(operation, answer(404, { status: 404, requestId: 'req-1' }))).toEqual([]);
  });

  it.each([
    ['a 5xx', answer(500, { status: 500, requestId: 'req-1' }), /server error 500/],
    ['an undeclared status', answer(409, { status: 409, requestId: 'req-1' }), /status 409 is not declared/],
    ['a body that breaks its schema', answer(200, { id: 'not-a-uuid', note: 3 }), /body does not match .*format.*uuid/s],
    ['a missing required field', answer(200, { id }), /must have required property 'note'/],
    [
      'an undeclared content type',
      { ...answer(200, { id, note: null }), headers: { 'x-request-id': 'req-1', 'content-type': 'text/html' } },
      /does not declare Content-Type text\/html/,
    ],
    [
      'an error that is not problem+json',
      { ...answer(404, { status: 404, requestId: 'req-1' }), headers: { 'x-request-id': 'req-1', 'content-type': 'application/json' } },
      /not application\/problem\+json/,
    ],
    ['a problem with another status', answer(404, { status: 400, requestId: 'req-1' }), /problem status 400 is not the HTTP status 404/],
    ['a problem with another request id', answer(404, { status: 404, requestId: 'other' }), /problem requestId "other" is not the X-Request-ID header "req-1"/],
    ['an answer without X-Request-ID', { ...answer(304, undefined), headers: {} }, /no X-Request-ID/],
    ['a 304 with a body', { ...answer(304, undefined), rawPayload: Buffer.from('{}') }, /304 with a body/],
    ['a declared header with a wrong value', answer(200, { id, note: null }, { 'x-cache': 'STALE' }), /header X-Cache: "STALE" does not match/],
    ['a non-numeric integer header', answer(200, { id, note: null }, { 'retry-after': 'soon' }), /header Retry-After/],
    [
      'a 405 that allows the method',
      answer(405, { status: 405, requestId: 'req-1' }, { allow: 'GET, HEAD' }),
      /405 for GET, which its own Allow header lists: GET, HEAD/,
    ],
    ['a 405 without Allow', answer(405, { status: 405, requestId: 'req-1' }), /405 without an Allow header/],
  ])('catches %s', (_name, bad, message) => {
    expect(sut.violations(operation, bad).join('\n')).toMatch(message);
  });

  it('translates OpenAPI 3.0 nullable and boolean exclusive bounds to JSON Schema', () => {
    expect(toJsonSchema({ type: 'string', nullable: true, enum: ['a'] })).toEqual({ type: ['string', 'null'], enum: ['a', null] });
    expect(toJsonSchema({ allOf: [{ $ref: '#/components/schemas/X' }], nullable: true })).toEqual({
      anyOf: [{ allOf: [{ $ref: 'openapi.json#/components/schemas/X' }] }, { type: 'null' }],
    });
    expect(toJsonSchema({ type: 'number', minimum: 0, exclusiveMinimum: true })).toEqual({ type: 'number', exclusiveMinimum: 0 });
  });
});
