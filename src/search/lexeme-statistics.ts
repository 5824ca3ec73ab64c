import { Injectable, Logger } from '@nestjs/common';
import { ReadRouter } from '../database/read-router';
import type { MatchEstimates, SearchColumn, WordForms } from './search-queries';

interface ColumnStatistics {
  /** Stems in ascending order, with their share of products. */
  lexemes: string[];
  frequencies: Map<string, number>;
  /**
   * Upper bound of the share of a stem not tracked: the least frequent tracked one's when ANALYZE kept as many
   * stems as it may (10 × the statistics target), else 0 (it kept every stem its sample showed often enough).
   */
  floor: number;
}

const REFRESH_MS = 10 * 60_000;

/**
 * What share of products a search can match at most, from PostgreSQL's own statistics of the tsvector columns
 * (`pg_stats.most_common_elems`, kept by ANALYZE/autovacuum): every word must match, so a search matches at most
 * as many products as its rarest word. Read every ten minutes; until then (or without statistics) every
 * search counts as broad, which is the plan that is bounded whatever the words.
 */
@Injectable()
export class LexemeStatistics implements MatchEstimates {
  private readonly logger = new Logger(LexemeStatistics.name);
  private columns = new Map<SearchColumn, ColumnStatistics>();
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading?: Promise<void>;

  constructor(private readonly reader: ReadRouter) {}

  /** Refreshes the statistics when they are old; never fails a search. */
  async ensureFresh(): Promise<void> {
    if (Date.now() - this.loadedAt < REFRESH_MS) return;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    await this.loading;
  }

  atMost(column: SearchColumn, words: WordForms[]): number {
    const statistics = this.columns.get(column);
    if (!statistics) return 1;
    const shareOf = (lexeme: string, prefix: boolean) => (prefix ? prefixShare(statistics, lexeme) : (statistics.frequencies.get(lexeme) ?? statistics.floor));
    return Math.min(1, ...words.map((word) => word.lexemes.reduce((sum, lexeme) => sum + shareOf(lexeme, word.prefix), 0)));
  }

  private async load(): Promise<void> {
    try {
      const rows = await this.reader.query<{
        column: SearchColumn;
        lexemes: string[] | null;
        frequencies: number[] | null;
        tracked: number;
      }>(
        `SELECT s.attname AS column, s.most_common_elems::text::text[] AS lexemes, s.most_common_elem_freqs AS frequencies,
           10 * current_setting('default_statistics_target')::int AS tracked
         FROM pg_stats s WHERE s.schemaname = current_schema() AND s.tablename = 'products' AND s.attname IN ('name_search', 'search')`,
        [],
        0n,
      );
      const columns = new Map<SearchColumn, ColumnStatistics>();
      for (const row of rows) {
        if (!row.lexemes?.length || !row.frequencies) continue;
        const frequencies = new Map(row.lexemes.map((lexeme, index) => [lexeme, row.frequencies![index]]));
        // The array ends with the minimum and maximum of the tracked frequencies (pg_stats documentation).
        const floor = row.lexemes.length >= row.tracked ? row.frequencies[row.lexemes.length] : 0;
        columns.set(row.column, { lexemes: [...row.lexemes].sort(), frequencies, floor });
      }
      this.columns = columns;
    } catch (error) {
      this.logger.warn(`Search statistics unavailable (${error instanceof Error ? error.message : String(error)}); every search is planned as broad`);
    }
    this.loadedAt = Date.now();
  }
}

/** Share of products with a stem starting with `prefix`: the tracked ones, plus the floor for those not tracked. */
function prefixShare(statistics: ColumnStatistics, prefix: string): number {
  let low = 0;
  let high = statistics.lexemes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (statistics.lexemes[middle] < prefix) low = middle + 1;
    else high = middle;
  }
  let share = statistics.floor;
  for (let index = low; index < statistics.lexemes.length && statistics.lexemes[index].startsWith(prefix); index += 1) {
    share += statistics.frequencies.get(statistics.lexemes[index])!;
  }
  return Math.min(1, share);
}
