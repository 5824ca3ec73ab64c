import { pathOfNul } from './unstorable-text';

describe(pathOfNul.name, () => {
  it('names the first field whose value holds U+0000, however deep', () => {
    expect(pathOfNul({ email: 'a\u0000b@example.com', password: 'x' })).toBe('email');
    expect(pathOfNul({ items: [{ sku: 'ok' }, { sku: 'a\u0000' }] })).toBe('items.1.sku');
    expect(pathOfNul('a\u0000b', 'idOrSlug')).toBe('idOrSlug');
    expect(pathOfNul({ cursor: 'x' }, 'query')).toBeUndefined();
  });

  it('checks object keys too', () => {
    expect(pathOfNul({ attributes: { 'colour\u0000': 'red' } })).toBe('attributes.colour\u0000');
  });

  it('passes every other character, and values that are not text', () => {
    expect(pathOfNul({ name: 'caf\u00e9 \u2028 \u0001 \\0 %00', price: 12, active: true, none: null, when: undefined })).toBeUndefined();
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    let deep: unknown = 'a\u0000';
    for (let level = 0; level < 100_000; level++) deep = [deep];
    expect(pathOfNul(deep)).toBe(`${'0.'.repeat(99_999)}0`);
  });
});
