import { jsonNestingExceeds } from './body-parsers';

const exceeds = (text: string, limit: number) => jsonNestingExceeds(Buffer.from(text), limit);

describe(jsonNestingExceeds.name, () => {
  it('counts arrays and objects, one inside the other', () => {
    expect(exceeds('{"a":[{"b":[1]}]}', 4)).toBe(false);
    expect(exceeds('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(exceeds('[[],[],[],{}]', 2)).toBe(false);
    expect(exceeds('"text" 12 true null', 0)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceeds(JSON.stringify({ text: '[[[[{{{{' }), 1)).toBe(false);
    expect(exceeds(JSON.stringify({ text: 'quote " then [[[[', more: '\\' }), 1)).toBe(false);
    expect(exceeds(JSON.stringify({ text: '\\"[[[[' }), 1)).toBe(false);
  });

  it('reads UTF-8 text without mistaking multi-byte characters for brackets', () => {
    expect(exceeds(JSON.stringify({ text: 'café ☕ [ 𝄞' }), 1)).toBe(false);
  });

  it('stops at the first level past the limit, whatever follows', () => {
    expect(exceeds(`{"name":${'['.repeat(1_000_000)}`, 32)).toBe(true);
  });
});
