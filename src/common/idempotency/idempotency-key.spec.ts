import { ErrorCode } from '../problem/error-code';
import { ProblemException } from '../problem/problem.exception';
import { canonicalJson, parseIdempotencyKey, requestFingerprint, storageKeyFor } from './idempotency-key';

describe(parseIdempotencyKey.name, () => {
  it('is undefined without the header', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it.each([['8e03978e-40d5-43e8-bc93-6894a57f9324'], ['a'], ['x'.repeat(255)], ['!#$%&()*+,-./:;<=>?@[]^_`{|}~']])('accepts %j', (key) => {
    expect(parseIdempotencyKey(key)).toBe(key);
  });

  it('accepts the Structured Field string form of the draft as the same key', () => {
    expect(parseIdempotencyKey('"8e03978e-40d5"')).toBe('8e03978e-40d5');
  });

  it.each([[''], ['""'], ['x'.repeat(256)], ['has space'], ['tab\there'], ['line\nbreak'], ['naïve'], ['"a b"'], [['a', 'b']]])(
    'refuses %j with 400',
    (header) => {
      let thrown: unknown;
      try {
        parseIdempotencyKey(header);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ProblemException);
      expect((thrown as ProblemException).getStatus()).toBe(400);
      expect((thrown as ProblemException).code).toBe(ErrorCode.IdempotencyKeyInvalid);
    },
  );
});

describe(canonicalJson.name, () => {
  it('sorts members at every depth and drops undefined ones', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('writes primitives as JSON does', () => {
    expect(canonicalJson('é"\n')).toBe(JSON.stringify('é"\n'));
    expect(canonicalJson(1.0)).toBe('1');
    expect(canonicalJson(1e21)).toBe('1e+21');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson([undefined])).toBe('[null]');
    expect(canonicalJson(new Date(0))).toBe('"1970-01-01T00:00:00.000Z"');
  });

  it('handles objects without a prototype (Fastify query strings)', () => {
    const query = Object.assign(Object.create(null) as Record<string, string>, { b: '2', a: '1' });
    expect(canonicalJson(query)).toBe('{"a":"1","b":"2"}');
  });
});

describe(requestFingerprint.name, () => {
  const base = { body: { name: 'Mug', price: 900 }, params: { id: '7' }, query: { dryRun: 'false' } };

  it('ignores member order', () => {
    expect(requestFingerprint({ ...base, body: { price: 900, name: 'Mug' } })).toBe(requestFingerprint(base));
    expect(requestFingerprint(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with the body, the path params or the query', () => {
    const fingerprint = requestFingerprint(base);
    expect(requestFingerprint({ ...base, body: { name: 'Mug', price: 901 } })).not.toBe(fingerprint);
    expect(requestFingerprint({ ...base, params: { id: '8' } })).not.toBe(fingerprint);
    expect(requestFingerprint({ ...base, query: {} })).not.toBe(fingerprint);
  });

  it('treats a missing body like a null one', () => {
    expect(requestFingerprint({})).toBe(requestFingerprint({ body: null, params: {}, query: {} }));
  });
});

describe(storageKeyFor.name, () => {
  const scope = { userId: 'u1', clientIp: '203.0.113.7', method: 'POST', route: '/api/v1/products' };

  it('is idem: and a sha256, never the key itself', () => {
    const key = storageKeyFor(scope, 'secret-key');
    expect(key).toMatch(/^idem:[0-9a-f]{64}$/);
    expect(key).not.toContain('secret-key');
  });

  it('differs per user, per route and per method; an authenticated caller is not scoped by address', () => {
    const key = storageKeyFor(scope, 'k');
    expect(storageKeyFor({ ...scope, userId: 'u2' }, 'k')).not.toBe(key);
    expect(storageKeyFor({ ...scope, route: '/api/v1/categories' }, 'k')).not.toBe(key);
    expect(storageKeyFor({ ...scope, method: 'PATCH' }, 'k')).not.toBe(key);
    expect(storageKeyFor({ ...scope, clientIp: '198.51.100.1' }, 'k')).toBe(key);
  });

  it('scopes anonymous callers by address, apart from any user', () => {
    const anonymous = { ...scope, userId: undefined };
    const key = storageKeyFor(anonymous, 'k');
    expect(storageKeyFor({ ...anonymous, clientIp: '198.51.100.1' }, 'k')).not.toBe(key);
    expect(storageKeyFor({ ...scope, userId: '203.0.113.7' }, 'k')).not.toBe(key);
  });
});
