import { RouteTable } from './route-table';

describe(RouteTable.name, () => {
  const sut = new RouteTable();
  sut.add('GET', '/api/v1/products/:id');
  sut.add(['PATCH', 'DELETE'], '/api/v1/products/:id');
  sut.add('OPTIONS', '*');
  sut.add('GET', '/docs/*');

  it('lists the methods registered for a concrete path', () => {
    expect(sut.allowedMethods('/api/v1/products/42')).toEqual(['DELETE', 'GET', 'PATCH']);
  });

  it('matches paths as Fastify does: a trailing slash is another path, and a segment has at most 256 characters', () => {
    expect(sut.allowedMethods('/api/v1/products/42/')).toEqual([]);
    expect(sut.allowedMethods(`/api/v1/products/${'a'.repeat(256)}`)).toEqual(['DELETE', 'GET', 'PATCH']);
    expect(sut.allowedMethods(`/api/v1/products/${'a'.repeat(257)}`)).toEqual([]);
  });

  it('knows nothing of unknown paths, and ignores catch-all routes', () => {
    expect(sut.allowedMethods('/api/v1/nothing')).toEqual([]);
    expect(sut.allowedMethods('/docs/swagger.css')).toEqual([]);
  });
});
