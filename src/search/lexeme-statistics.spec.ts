import type { ReadRouter } from '../database/read-router';
import { LexemeStatistics } from './lexeme-statistics';

/** pg_stats rows as PostgreSQL gives them: stems in order, their shares, then the minimum and maximum share. */
function statistics(rows: Array<{ column: string; lexemes: string[]; frequencies: number[]; tracked: number }>): LexemeStatistics {
  const reader = { query: jest.fn().mockResolvedValue(rows) } as unknown as ReadRouter;
  return new LexemeStatistics(reader);
}

describe(LexemeStatistics.name, () => {
  const names = { column: 'name_search', lexemes: ['lamp', 'lampshad', 'oak', 'tabl'], frequencies: [0.04, 0.001, 0.02, 0.05, 0.001, 0.05], tracked: 1000 };

  it('bounds a search by its rarest word; a word being typed by every stem it starts', async () => {
    const sut = statistics([names]);
    await sut.ensureFresh();
    const word = (lexeme: string, prefix = false) => ({ lexemes: [lexeme], prefix });
    expect(sut.atMost('name_search', [word('oak'), word('tabl')])).toBeCloseTo(0.02);
    expect(sut.atMost('name_search', [word('lamp', true)])).toBeCloseTo(0.041);
    expect(sut.atMost('name_search', [{ lexemes: ['lamp', 'oak'], prefix: false }])).toBeCloseTo(0.06);
  });

  it('counts a stem it does not track as rare when ANALYZE kept every stem it saw often enough', async () => {
    const sut = statistics([names]);
    await sut.ensureFresh();
    expect(sut.atMost('name_search', [{ lexemes: ['zebra'], prefix: false }])).toBe(0);
  });

  it('counts it as frequent as the least frequent tracked stem when ANALYZE kept as many as it may', async () => {
    const sut = statistics([{ ...names, tracked: 4 }]);
    await sut.ensureFresh();
    expect(sut.atMost('name_search', [{ lexemes: ['zebra'], prefix: false }])).toBeCloseTo(0.001);
  });

  it('treats every search as broad without statistics', async () => {
    const sut = statistics([]);
    await sut.ensureFresh();
    expect(sut.atMost('search', [{ lexemes: ['oak'], prefix: false }])).toBe(1);
  });
});
