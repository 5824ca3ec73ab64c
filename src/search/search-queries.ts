import { isOneTypoAway } from './typo-distance';

/** A search word as the database sees it: its stem ('english'), and known words one typo away. */
export interface AnalysedTerm {
  term: string;
  /** The stem the 'english' configuration gives; absent for a stop word ("the"), which matches nothing and is dropped. */
  lexeme?: string;
  /** Vocabulary words (see search_word_variants) one typo away; empty when `term` is itself a known word. */
  near: string[];
  /** The stems of `near`, for statistics. */
  nearLexemes: string[];
  /** Whether a longer word of the vocabulary starts with `term` (always true below 4 letters: not recorded). */
  extends: boolean;
  /** Whether `term` is itself a word of the vocabulary (product names' words of 4 letters or more). */
  known: boolean;
}

export type SearchColumn = 'name_search' | 'search';

/** `column @@ to_tsquery('english', query)`. */
export interface TextCondition {
  column: SearchColumn;
  query: string;
}

/**
 * One relevance tier: products that match `match` and not `exclude` (the tiers above), newest first. `dense`:
 * the words are common enough to fill a page from the newest products (see ProductSearchRepository).
 */
export interface SearchTier {
  rank: number;
  match: TextCondition;
  exclude: TextCondition[];
  dense: boolean;
}

/** tsquery texts of a search. Terms hold letters and digits only, so nothing else reaches to_tsquery. */
export interface SearchQueries {
  /** `oak & table`: every word, as a whole word (stemmed). */
  exact: string;
  /**
   * `oak & tab:*`: the last word may also be the start of a word (it may still be being typed). Only the last:
   * a GIN index answers a prefix by collecting every row of every word it starts, where whole words let it
   * skip through the rarest word's rows (38 ms against 4 ms for three common words at a million products).
   */
  prefix: string;
  /**
   * False when the last word is a known word that no longer known word starts with: then `prefix` is `exact`
   * (a complete word, as the index answers fastest), and there is no tier of starts of words.
   */
  lastExtends: boolean;
  /** `oak & (table | cable)`: as `prefix`, with typos replaced by the known words they may stand for. */
  typo?: string;
  /** What a listed product matches at all: `typo` if there are typos, else `prefix`. */
  any: string;
  /** The stems of each query, word by word, for statistics. */
  forms: { exact: WordForms[]; prefix: WordForms[]; typo?: WordForms[] };
}

/** One word of a query as the statistics see it: any of these stems, whole or (`prefix`) as the start of a stem. */
export interface WordForms {
  lexemes: string[];
  prefix: boolean;
}

/** Keeps only the near words that really are one typo away, and none for a word the vocabulary knows. */
export function nearWords(term: string, candidates: string[], asPrefix: boolean): string[] {
  if (candidates.includes(term)) return [];
  return candidates.filter((word) => isOneTypoAway(term, word, asPrefix)).sort();
}

export function searchQueries(terms: AnalysedTerm[]): SearchQueries | undefined {
  const words = terms.filter((term) => term.lexeme);
  if (!words.length) return undefined;
  const last = words.length - 1;
  const lastExtends = !words[last].known || words[last].extends;
  const asTyped = (term: AnalysedTerm, index: number) => (index === last && lastExtends ? `${term.term}:*` : term.term);
  const exact = words.map((term) => term.term).join(' & ');
  const prefix = words.map(asTyped).join(' & ');
  const typo = words.some((term) => term.near.length)
    ? words.map((term, index) => (term.near.length ? `(${term.near.join(' | ')})` : asTyped(term, index))).join(' & ')
    : undefined;
  const exactForms = words.map((term) => ({ lexemes: [term.lexeme!], prefix: false }));
  const prefixForms = exactForms.map((forms, index) => ({ ...forms, prefix: index === last && lastExtends }));
  return {
    exact,
    prefix,
    lastExtends,
    typo,
    any: typo ? `(${prefix}) | (${typo})` : prefix,
    forms: {
      exact: exactForms,
      prefix: prefixForms,
      typo: typo ? words.map((term, index) => (term.near.length ? { lexemes: term.nearLexemes, prefix: false } : prefixForms[index])) : undefined,
    },
  };
}

/** Frequencies of stems per column (see LexemeStatistics): what share of products a tier can match at most. */
export interface MatchEstimates {
  /** The share (0 to 1) of products that can match every word at most. */
  atMost(column: SearchColumn, words: WordForms[]): number;
}

/** How each tier is read (see CATALOG_SEARCH_PLAN). */
export interface TierPlanning {
  estimates: MatchEstimates;
  /** A tier that can match at least this share of products walks the newest ones (see CATALOG_SEARCH_WALK_ABOVE_PERCENT). */
  walkAboveShare: number;
  plan: 'auto' | 'index' | 'walk';
}

/**
 * Relevance, best first: all words in the name as whole words; all in the name, the last as the start of a
 * word; all in the name or the description; with typos corrected, in the name; in the name or the description.
 * Within a tier, newest first. `namesOnly` is the suggestions' variant (no description tiers).
 */
export function searchTiers(queries: SearchQueries, planning: TierPlanning, namesOnly = false): SearchTier[] {
  const dense = (column: SearchColumn, words: WordForms[]) =>
    planning.plan === 'auto' ? planning.estimates.atMost(column, words) >= planning.walkAboveShare : planning.plan === 'walk';
  const inName: TextCondition = { column: 'name_search', query: queries.exact };
  const startsInName: TextCondition = { column: 'name_search', query: queries.prefix };
  const { forms } = queries;
  const tiers: SearchTier[] = [{ rank: 1, match: inName, exclude: [], dense: dense('name_search', forms.exact) }];
  if (queries.lastExtends) tiers.push({ rank: 2, match: startsInName, exclude: [inName], dense: dense('name_search', forms.prefix) });
  const widest: TextCondition = namesOnly ? startsInName : { column: 'search', query: queries.prefix };
  if (!namesOnly) tiers.push({ rank: 3, match: widest, exclude: [startsInName], dense: dense('search', forms.prefix) });
  if (queries.typo) {
    const typoInName: TextCondition = { column: 'name_search', query: queries.typo };
    tiers.push({ rank: 4, match: typoInName, exclude: [widest], dense: dense('name_search', forms.typo!) });
    if (!namesOnly) {
      tiers.push({ rank: 5, match: { column: 'search', query: queries.typo }, exclude: [widest, typoInName], dense: dense('search', forms.typo!) });
    }
  }
  return tiers;
}
