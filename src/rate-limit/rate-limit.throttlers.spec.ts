import { createHash } from 'node:crypto';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ConfigValidationError } from '../config/config-validation.error';
import { rateLimitConfigFrom } from '../config/rate-limit.config';
import { CredentialRateLimit } from './credential-rate-limit.decorator';
import { buildThrottlers, clientIp, emailTracker, type NamedLimit, normaliseEmail, rateLimitKey, type RateLimitedRequest } from './rate-limit.throttlers';

class Routes {
  @CredentialRateLimit()
  login() {}

  list() {}
}

function contextFor(handler: 'login' | 'list', request: RateLimitedRequest): ExecutionContext {
  return {
    switchToHttp: () => ({ getRequest: () => request }),
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
  } as unknown as ExecutionContext;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('rate-limit key derivation', () => {
  it('normalises the body email (trimmed, lower-cased) and ignores anything that is not one', () => {
    expect(normaliseEmail({ email: '  Alice@Example.COM ' })).toBe('alice@example.com');
    for (const body of [undefined, null, 'alice@example.com', {}, { email: 42 }, { email: '   ' }]) expect(normaliseEmail(body)).toBeUndefined();
  });

  it('keys an email by its sha256, never the address itself', () => {
    const tracker = emailTracker({ email: ' Alice@Example.com' });
    expect(tracker).toBe(sha256('alice@example.com'));
    expect(emailTracker({ email: 'alice@example.com' })).toBe(tracker);
    expect(emailTracker({})).toBeUndefined();
  });

  it("tracks Fastify's request.ip, an IPv6 address by its /64", () => {
    expect(clientIp({ ip: '203.0.113.7' })).toBe('203.0.113.7');
    expect(clientIp({ ip: '::ffff:203.0.113.7' })).toBe('203.0.113.7');
    expect(clientIp({ ip: '2001:db8:1:2:aaaa:bbbb:cccc:dddd' })).toBe(clientIp({ ip: '2001:db8:1:2::1' }));
  });

  it('builds one key per limit and tracker, under the Redis key prefix, the same on every route', () => {
    expect(rateLimitKey('catalog:', 'global', '203.0.113.7')).toBe('catalog:rate-limit:global:203.0.113.7');
    expect(rateLimitKey('catalog:', 'user', 'u-1')).toBe('catalog:rate-limit:user:u-1');
  });
});

describe(buildThrottlers.name, () => {
  const sut = buildThrottlers(rateLimitConfigFrom({}), new Reflector());
  const byName = (name: string) => sut.find((throttler) => throttler.name === name)!;
  const applies = (throttler: NamedLimit, context: ExecutionContext) => !throttler.skipIf?.(context);
  const user = { id: 'u-1', role: 'customer', sessionId: 's-1' } as RateLimitedRequest['user'];

  it('has production defaults, windows in milliseconds', () => {
    expect(sut.map(({ name, limit, ttl }) => ({ name, limit, ttl }))).toEqual([
      { name: 'global', limit: 300, ttl: 60_000 },
      { name: 'user', limit: 600, ttl: 60_000 },
      { name: 'credentials-ip', limit: 10, ttl: 900_000 },
      { name: 'credentials-email', limit: 5, ttl: 900_000 },
    ]);
  });

  it('takes limits and windows from the environment and names a bad variable', () => {
    const limits = rateLimitConfigFrom({ RATE_LIMIT_GLOBAL_LIMIT: '5', RATE_LIMIT_CREDENTIALS_WINDOW_SECONDS: '30' });
    expect(limits.global.limit).toBe(5);
    expect(limits.credentialsPerEmail.windowSeconds).toBe(30);
    expect(() => rateLimitConfigFrom({ RATE_LIMIT_USER_LIMIT: '0' })).toThrow(ConfigValidationError);
    expect(() => rateLimitConfigFrom({ RATE_LIMIT_USER_LIMIT: '0' })).toThrow(/RATE_LIMIT_USER_LIMIT/);
  });

  it('tallies locally by default, configurable, and names a bad setting', () => {
    expect(rateLimitConfigFrom({}).local).toEqual({ syncIntervalMs: 100, fraction: 0.5, minHeadroom: 50 });
    const tuned = rateLimitConfigFrom({ RATE_LIMIT_SYNC_INTERVAL_MS: '250', RATE_LIMIT_LOCAL_FRACTION: '.25', RATE_LIMIT_LOCAL_MIN_HEADROOM: '0' });
    expect(tuned.local).toEqual({ syncIntervalMs: 250, fraction: 0.25, minHeadroom: 0 });
    expect(rateLimitConfigFrom({ RATE_LIMIT_LOCAL_FRACTION: '0' }).local.fraction).toBe(0);
    for (const [name, value] of [
      ['RATE_LIMIT_LOCAL_FRACTION', '1.5'],
      ['RATE_LIMIT_LOCAL_FRACTION', '50%'],
      ['RATE_LIMIT_SYNC_INTERVAL_MS', '0'],
      ['RATE_LIMIT_LOCAL_MIN_HEADROOM', '-1'],
    ]) {
      expect(() => rateLimitConfigFrom({ [name]: value })).toThrow(new RegExp(name));
    }
  });

  it('counts every request per IP', async () => {
    const request = { ip: '203.0.113.7' };
    expect(applies(byName('global'), contextFor('list', request))).toBe(true);
    expect(await byName('global').getTracker!(request, contextFor('list', request))).toBe('203.0.113.7');
  });

  it('counts per user id only once request.user is set', async () => {
    expect(applies(byName('user'), contextFor('list', { ip: '203.0.113.7' }))).toBe(false);
    const request = { ip: '203.0.113.7', user };
    expect(applies(byName('user'), contextFor('list', request))).toBe(true);
    expect(await byName('user').getTracker!(request, contextFor('list', request))).toBe('u-1');
  });

  it('counts credential routes per IP, and per email when the body has one', async () => {
    const withEmail = { ip: '203.0.113.7', body: { email: 'Alice@example.com' } };
    expect(applies(byName('credentials-ip'), contextFor('list', withEmail))).toBe(false);
    expect(applies(byName('credentials-email'), contextFor('list', withEmail))).toBe(false);
    expect(applies(byName('credentials-ip'), contextFor('login', withEmail))).toBe(true);
    expect(applies(byName('credentials-email'), contextFor('login', withEmail))).toBe(true);
    expect(await byName('credentials-email').getTracker!(withEmail, contextFor('login', withEmail))).toBe(sha256('alice@example.com'));

    const refresh = { ip: '203.0.113.7', body: { refreshToken: 'x' } };
    expect(applies(byName('credentials-ip'), contextFor('login', refresh))).toBe(true);
    expect(applies(byName('credentials-email'), contextFor('login', refresh))).toBe(false);
  });
});
