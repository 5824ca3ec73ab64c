import { deprecationHeaders, versionPolicy } from './deprecation';

describe('deprecation', () => {
  const policy = { since: '2027-01-01', sunset: '2027-07-01', successor: '/api/v2' };

  it('finds the policy of a deprecated version from the path', () => {
    expect(versionPolicy('/api/v1/products?limit=1', { '1': policy })).toBe(policy);
    expect(versionPolicy('/api/v2/products', { '1': policy })).toBeUndefined();
    expect(versionPolicy('/health/live', { '1': policy })).toBeUndefined();
  });

  it('formats RFC 9745 Deprecation, RFC 8594 Sunset and the successor link', () => {
    expect(deprecationHeaders(policy)).toEqual({
      deprecation: `@${Date.parse('2027-01-01') / 1000}`,
      sunset: 'Thu, 01 Jul 2027 00:00:00 GMT',
      link: '</api/v2>; rel="successor-version"',
    });
  });
});
