import { parseRetryAfter } from './retry-after';

const now = new Date('2025-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120],
    [' 0 ', 0],
    ['Sat, 01 Mar 2025 12:01:30 GMT', 90],
    ['Sat, 01 Mar 2025 12:00:00 GMT', 0],
    ['Sat, 01 Mar 2025 11:00:00 GMT', 0],
    ['Saturday, 01-Mar-25 12:00:10 GMT', 10],
  ])('reads %p as %i seconds', (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });

  it.each([[undefined], [''], ['soon'], ['-5'], ['1.5'], ['2025-03-01'], ['99999999999999999999']])('gives undefined for %p', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
