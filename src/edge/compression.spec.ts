import { negotiateEncoding, withAcceptEncoding } from './compression';

describe('negotiateEncoding', () => {
  it.each([
    [undefined, undefined],
    ['gzip, deflate, br', 'gzip'],
    ['deflate', 'deflate'],
    ['br', undefined],
    ['identity', undefined],
    ['*', 'gzip'],
    ['x-gzip', 'gzip'],
    ['GZIP', 'gzip'],
    ['gzip;q=0.1, deflate;q=0.9', 'deflate'],
    ['gzip;q=0', undefined],
  ])('picks from %j what the compression plugin would: %j', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});

describe('withAcceptEncoding', () => {
  it('adds accept-encoding to Vary once', () => {
    expect(withAcceptEncoding(undefined)).toBe('accept-encoding');
    expect(withAcceptEncoding('Origin')).toBe('Origin, accept-encoding');
    expect(withAcceptEncoding(['Origin', 'Accept-Encoding'])).toBe('Origin, Accept-Encoding');
  });
});
