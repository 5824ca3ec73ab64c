import { gunzipSync } from 'node:zlib';
import { compressPayload, negotiateEncoding, withAcceptEncoding } from './compression';

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
  ])('answers %j with %j', (header, expected) => {
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

describe('compressPayload', () => {
  const reply = (headers: Record<string, string | number> = {}, statusCode = 200) => {
    const held: Record<string, string | number> = { 'content-type': 'application/json; charset=utf-8', ...headers };
    const sut = {
      statusCode,
      held,
      getHeader: (name: string) => held[name],
      hasHeader: (name: string) => name in held,
      header(name: string, value: string | number) {
        held[name] = value;
        return sut;
      },
    };
    return sut;
  };
  const request = (acceptEncoding?: string) => ({ headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }) as never;
  const large = JSON.stringify({ items: Array.from({ length: 100 }, (_, index) => ({ index, text: 'compressible text' })) });

  it('compresses JSON of 1 KiB or more in the encoding the client prefers, with its length and Vary', () => {
    const target = reply({ vary: 'Origin' });
    const sent = compressPayload(request('gzip, deflate'), target as never, large) as Buffer;
    expect(gunzipSync(sent).toString()).toBe(large);
    expect(target.held).toMatchObject({ 'content-encoding': 'gzip', 'content-length': sent.length, vary: 'Origin, accept-encoding' });
  });

  it('sends as is: small bodies, no acceptable encoding, already encoded answers, streams, other types and empty statuses', () => {
    expect(compressPayload(request('gzip'), reply() as never, '{"small":true}')).toBe('{"small":true}');
    expect(compressPayload(request('br'), reply() as never, large)).toBe(large);
    expect(compressPayload(request(), reply() as never, large)).toBe(large);
    const encoded = Buffer.from(large);
    expect(compressPayload(request('gzip'), reply({ 'content-encoding': 'deflate' }) as never, encoded)).toBe(encoded);
    const stream = { pipe: () => undefined };
    expect(compressPayload(request('gzip'), reply() as never, stream)).toBe(stream);
    expect(compressPayload(request('gzip'), reply({ 'content-type': 'image/png' }) as never, large)).toBe(large);
    expect(compressPayload(request('gzip'), reply({}, 204) as never, large)).toBe(large);
  });
});
