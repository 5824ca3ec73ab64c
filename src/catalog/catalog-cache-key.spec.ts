import { cacheKey } from './catalog-cache.interceptor';

describe(cacheKey.name, () => {
  it('is the same for the same parameters in another order, and the bare path without a query', () => {
    expect(cacheKey('/api/v1/products?limit=2&minPrice=1')).toBe(cacheKey('/api/v1/products?minPrice=1&limit=2'));
    expect(cacheKey('/api/v1/products')).toBe('/api/v1/products');
    expect(cacheKey('/api/v1/products?')).toBe('/api/v1/products');
  });

  it('keeps apart what the route reads apart: invalid percent-encodings, repeated values, encoded separators', () => {
    const keys = [
      '/api/v1/products?q=%E9',
      '/api/v1/products?q=%E8',
      '/api/v1/products?q=%EF%BF%BD',
      '/api/v1/products?q=a&q=b',
      '/api/v1/products?q=b&q=a',
      '/api/v1/products?q=a%26b',
      '/api/v1/products?q=a&b',
    ].map(cacheKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
