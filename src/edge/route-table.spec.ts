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

  it('knows nothing of unknown paths, and ignores catch-all routes', () => {
    expect(sut.allowedMethods('/api/v1/nothing')).toEqual([]);
    expect(sut.allowedMethods('/docs/swagger.css')).toEqual([]);
  });
});
