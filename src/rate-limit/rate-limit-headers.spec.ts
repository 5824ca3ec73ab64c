import { rateLimitHeaders, retryAfterSeconds, type RateLimitState } from './rate-limit-headers';

const state = (overrides: Partial<RateLimitState>): RateLimitState => ({
  policy: 'global',
  quota: 300,
  windowSeconds: 60,
  remaining: 299,
  resetSeconds: 60,
  ...overrides,
});

describe('rateLimitHeaders', () => {
  it('formats one limit as draft-ietf-httpapi-ratelimit-headers structured fields', () => {
    expect(rateLimitHeaders([state({})])).toEqual({ 'ratelimit-policy': '"global";q=300;w=60', ratelimit: '"global";r=299;t=60' });
  });

  it('lists every applied limit, the most restrictive first (fewest remaining, then longest to reset)', () => {
    const sut = rateLimitHeaders([
      state({ policy: 'global', remaining: 120, resetSeconds: 30 }),
      state({ policy: 'credentials-ip', quota: 10, windowSeconds: 900, remaining: 4, resetSeconds: 600 }),
      state({ policy: 'credentials-email', quota: 5, windowSeconds: 900, remaining: 4, resetSeconds: 800 }),
    ]);
    expect(sut['ratelimit-policy']).toBe('"credentials-email";q=5;w=900, "credentials-ip";q=10;w=900, "global";q=300;w=60');
    expect(sut.ratelimit).toBe('"credentials-email";r=4;t=800, "credentials-ip";r=4;t=600, "global";r=120;t=30');
  });

  it('keeps integers whole and non-negative', () => {
    expect(rateLimitHeaders([state({ remaining: -3, resetSeconds: 1.2 })]).ratelimit).toBe('"global";r=0;t=2');
  });

  it('escapes policy names as structured-field strings and refuses what cannot be one', () => {
    expect(rateLimitHeaders([state({ policy: 'a"b\\c' })]).ratelimit).toBe('"a\\"b\\\\c";r=299;t=60');
    expect(() => rateLimitHeaders([state({ policy: 'naïve' })])).toThrow('Not a structured-field string');
  });
});

describe('retryAfterSeconds', () => {
  it('is the time to reset, rounded up and never 0', () => {
    expect(retryAfterSeconds(state({ resetSeconds: 42 }))).toBe(42);
    expect(retryAfterSeconds(state({ resetSeconds: 0.2 }))).toBe(1);
    expect(retryAfterSeconds(state({ resetSeconds: 0 }))).toBe(1);
  });
});
