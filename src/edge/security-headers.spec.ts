import { apiSecurityHeaders, securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  const policy = {
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'] } },
  };

  it('records the headers helmet sets, lower-cased, once', () => {
    const headers = securityHeaders(policy);
    expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(headers['content-security-policy']).toContain("img-src 'self' data:");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(Object.isFrozen(headers)).toBe(true);
  });

  it('leaves out what the options turn off and keeps no header helmet removes', () => {
    const headers = securityHeaders({ ...policy, hsts: false });
    expect(headers).not.toHaveProperty('strict-transport-security');
    expect(headers).not.toHaveProperty('x-powered-by');
  });
});

describe('apiSecurityHeaders', () => {
  it("is the OWASP REST cheat sheet's set, HSTS in production only", () => {
    expect(apiSecurityHeaders(true)).toEqual({
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
    expect(apiSecurityHeaders(false)).not.toHaveProperty('strict-transport-security');
  });
});
