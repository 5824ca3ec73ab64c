import { deprecationHeaders, versionOf } from './deprecation';

describe('deprecation', () => {
  const policy = { since: '2027-01-01', sunset: '2027-07-01', successor: '/api/v2' };

  it('reads the API version from the path', () => {
    expect(versionOf('/api/v1/products?limit=1')).toBe('1');
    expect(versionOf('/api/v2/products')).toBe('2');
    expect(versionOf('/health/live')).toBeUndefined();
  });

  it('formats RFC 9745 Deprecation, RFC 8594 Sunset and the successor link', () => {
    expect(deprecationHeaders(policy)).toEqual({
      deprecation: `@${Date.parse('2027-01-01') / 1000}`,
      sunset: 'Thu, 01 Jul 2027 00:00:00 GMT',
      link: '</api/v2>; rel="successor-version"',
    });
  });
});
