import { editDistanceWithin, isOneTypoAway } from './typo-distance';

describe('typo distance', () => {
  it.each([
    ['lamp', 'lamp', 0, true],
    ['lamp', 'lump', 1, true],
    ['lmap', 'lamp', 1, true],
    ['lamp', 'lam', 1, true],
    ['lamp', 'lamps', 1, true],
    ['lamp', 'clamp', 1, true],
    ['lamp', 'lemon', 1, false],
    ['walnut', 'walnut', 0, true],
    ['wlanut', 'walnut', 1, true],
    ['wlanutt', 'walnut', 1, false],
    ['abcd', 'badc', 1, false],
    ['abcd', 'badc', 2, true],
  ])('%s → %s within %i: %s', (a, b, limit, expected) => {
    expect(editDistanceWithin(a, b, limit)).toBe(expected);
  });

  it('matches a typed prefix against the start of a word', () => {
    expect(isOneTypoAway('lmap', 'lampshade', true)).toBe(true);
    expect(isOneTypoAway('walm', 'walnut', true)).toBe(true);
    expect(isOneTypoAway('walm', 'walnut', false)).toBe(false);
    expect(isOneTypoAway('xyzq', 'walnut', true)).toBe(false);
  });
});
