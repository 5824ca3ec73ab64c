import { parseSeedArgs, SeedUsageError, shouldRebuildIndexes } from './seed-options';
import { categoryTreeShape } from './seed-sql';

describe(parseSeedArgs.name, () => {
  it('has defaults for a small development catalog, appended', () => {
    expect(parseSeedArgs([])).toEqual({
      products: 10_000,
      categories: 100,
      currency: 'EUR',
      truncate: false,
      indexes: 'auto',
      forceProduction: false,
      help: false,
    });
  });

  it('reads every option, in both --name value and --name=value forms', () => {
    expect(parseSeedArgs(['--products', '1000000', '--categories=1000', '--currency', 'usd', '--truncate', '--indexes', 'keep', '--force-production'])).toEqual(
      { products: 1_000_000, categories: 1000, currency: 'USD', truncate: true, indexes: 'keep', forceProduction: true, help: false },
    );
  });

  it('accepts digit separators and zero', () => {
    expect(parseSeedArgs(['--products', '1_000_000', '--categories', '0'])).toMatchObject({ products: 1_000_000, categories: 0 });
    expect(parseSeedArgs(['--products', '2,500'])).toMatchObject({ products: 2500 });
  });

  it('asks for help with --help or -h', () => {
    expect(parseSeedArgs(['--help']).help).toBe(true);
    expect(parseSeedArgs(['-h']).help).toBe(true);
  });

  it.each([
    [['--products', '-5'], /--products/],
    [['--products', '1.5'], /--products must be a whole number/],
    [['--products', 'many'], /--products must be a whole number, got "many"/],
    [['--categories', '1e3'], /--categories must be a whole number/],
    [['--products', '100000001'], /--products must be at most 100000000/],
    [['--currency', 'EURO'], /--currency must be a three-letter ISO 4217 code/],
    [['--currency', 'E1R'], /--currency/],
    [['--indexes', 'sometimes'], /--indexes must be one of auto, rebuild, keep/],
    [['--product', '5'], /Unknown option '--product'/],
    [['1000'], /Unexpected argument '1000'/],
    [['--products'], /--products/],
    [['--truncate=yes'], /--truncate/],
  ])('refuses %j', (args, message) => {
    expect(() => parseSeedArgs(args)).toThrow(SeedUsageError);
    expect(() => parseSeedArgs(args)).toThrow(message);
  });
});

describe(shouldRebuildIndexes.name, () => {
  it('in auto mode rebuilds only for a large insert that at least doubles the table', () => {
    expect(shouldRebuildIndexes('auto', 1_000_000, 0)).toBe(true);
    expect(shouldRebuildIndexes('auto', 50_000, 50_000)).toBe(true);
    expect(shouldRebuildIndexes('auto', 49_999, 0)).toBe(false);
    expect(shouldRebuildIndexes('auto', 100_000, 1_000_000)).toBe(false);
  });

  it('follows an explicit mode', () => {
    expect(shouldRebuildIndexes('rebuild', 1, 1_000_000)).toBe(true);
    expect(shouldRebuildIndexes('keep', 1_000_000, 0)).toBe(false);
  });
});

describe(categoryTreeShape.name, () => {
  it('makes about 5% roots, one per department at least, and 40% of the rest their children', () => {
    expect(categoryTreeShape(1000)).toEqual({ roots: 50, childrenEnd: 430 });
    expect(categoryTreeShape(20)).toEqual({ roots: 10, childrenEnd: 14 });
    expect(categoryTreeShape(3)).toEqual({ roots: 3, childrenEnd: 3 });
  });
});
