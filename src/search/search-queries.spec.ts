import { type AnalysedTerm, type MatchEstimates, nearWords, searchQueries, searchTiers } from './search-queries';

const term = (text: string, values: Partial<AnalysedTerm> = {}): AnalysedTerm => ({
  term: text,
  lexeme: text,
  near: [],
  nearLexemes: [],
  extends: true,
  known: false,
  ...values,
});

/** Every stem matches `share` of the products, whatever the column. */
const estimates = (share: number): MatchEstimates => ({ atMost: () => share });

describe('search queries', () => {
  it('takes every word whole, and the last also as the start of a word', () => {
    expect(searchQueries([term('oak'), term('tab')])).toEqual({
      exact: 'oak & tab',
      prefix: 'oak & tab:*',
      lastExtends: true,
      typo: undefined,
      any: 'oak & tab:*',
      forms: {
        exact: [
          { lexemes: ['oak'], prefix: false },
          { lexemes: ['tab'], prefix: false },
        ],
        prefix: [
          { lexemes: ['oak'], prefix: false },
          { lexemes: ['tab'], prefix: true },
        ],
        typo: undefined,
      },
    });
  });

  it('replaces a typo by the known words it may stand for, and drops stop words', () => {
    const queries = searchQueries([term('the', { lexeme: undefined }), term('wlanut', { near: ['walnut'], nearLexemes: ['walnut'] }), term('bench')]);
    expect(queries).toMatchObject({ exact: 'wlanut & bench', typo: '(walnut) & bench:*', any: '(wlanut & bench:*) | ((walnut) & bench:*)' });
    expect(searchQueries([term('the', { lexeme: undefined })])).toBeUndefined();
  });

  it('keeps near words one typo away, and none for a word the vocabulary knows', () => {
    expect(nearWords('lmap', ['lamp', 'lump', 'lime'], false)).toEqual(['lamp']);
    expect(nearWords('wool', ['wool', 'wood'], false)).toEqual([]);
    expect(nearWords('lmaps', ['lampshade'], true)).toEqual(['lampshade']);
  });
});

describe('search tiers', () => {
  const queries = searchQueries([term('oak'), term('tab', { near: ['table'], nearLexemes: ['tabl'] })])!;
  const planning = (share: number, plan: 'auto' | 'index' | 'walk' = 'auto') => ({ estimates: estimates(share), walkAboveShare: 0.03, plan });

  it('ranks whole words in the name, then starts of words, then the description, then typos (name, then description)', () => {
    expect(searchTiers(queries, planning(0.0001)).map((tier) => [tier.rank, tier.match, tier.exclude])).toEqual([
      [1, { column: 'name_search', query: 'oak & tab' }, []],
      [2, { column: 'name_search', query: 'oak & tab:*' }, [{ column: 'name_search', query: 'oak & tab' }]],
      [3, { column: 'search', query: 'oak & tab:*' }, [{ column: 'name_search', query: 'oak & tab:*' }]],
      [4, { column: 'name_search', query: 'oak & (table)' }, [{ column: 'search', query: 'oak & tab:*' }]],
      [
        5,
        { column: 'search', query: 'oak & (table)' },
        [
          { column: 'search', query: 'oak & tab:*' },
          { column: 'name_search', query: 'oak & (table)' },
        ],
      ],
    ]);
  });

  it('skips the prefix tier when no longer known word starts with the last one, and the description for suggestions', () => {
    const whole = searchQueries([term('sofa', { extends: false, known: true })])!;
    expect(whole).toMatchObject({ exact: 'sofa', prefix: 'sofa', lastExtends: false });
    expect(searchTiers(whole, planning(0.0001)).map((tier) => tier.rank)).toEqual([1, 3]);
    // A word the names do not have may still start a longer word of a description.
    expect(searchQueries([term('warrant', { extends: false, known: false })])).toMatchObject({ prefix: 'warrant:*', lastExtends: true });
    expect(searchTiers(queries, planning(0.0001), true).map((tier) => [tier.rank, tier.match.column])).toEqual([
      [1, 'name_search'],
      [2, 'name_search'],
      [4, 'name_search'],
    ]);
  });

  it('walks the newest products for common words and reads rare ones from the index, unless a plan is forced', () => {
    expect(searchTiers(queries, planning(0.05)).map((tier) => tier.dense)).toEqual([true, true, true, true, true]);
    expect(searchTiers(queries, planning(0.0001)).map((tier) => tier.dense)).toEqual([false, false, false, false, false]);
    expect(searchTiers(queries, planning(0.05, 'index')).map((tier) => tier.dense)).toEqual([false, false, false, false, false]);
    expect(searchTiers(queries, planning(0.0001, 'walk')).map((tier) => tier.dense)).toEqual([true, true, true, true, true]);
  });
});
