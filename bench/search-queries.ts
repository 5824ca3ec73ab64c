import { ADJECTIVES, DEPARTMENTS } from '../src/database/seed/word-lists';

/**
 * The search traffic of the bench: queries a shopper would type into the catalog's search box, made from the
 * seed's own vocabulary (product names are "<adjective> <material> <noun>", see word-lists.ts), ranked by
 * popularity and drawn with a Zipf distribution over the ranks, as real search logs are: a few queries are very
 * common, most are rare. Deterministic: the same seed gives the same list and the same draws.
 *
 * The query set: at least 5,000 distinct queries of 1 to 3 words. Most multi-word queries combine words of one
 * department ("oak coffee table", "brass lamp"); some cross departments ("cashmere lamp") and match nothing,
 * the long tail. About 10% carry a one-letter typo (a letter substituted, deleted, inserted or two swapped, in a
 * word of at least 4 letters), about 10% are the first 3 to 5 letters of one word (a search sent half typed).
 * The word-count, typo and prefix shares are aimed at the traffic (the Zipf-weighted draws). The set's typo and
 * prefix shares come out close to them; its word counts lean longer (the vocabulary has about 200 single words,
 * so the tail is mostly combinations, as a real search log's is). Both are reported.
 */

export const ZIPF_EXPONENT = 1;
export const SEARCH_QUERY_COUNT = 5000;
export const DEFAULT_SEED = 20_240_601;

/** A small, fast PRNG (mulberry32): uniform in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Ranks 0..n-1 drawn with probability proportional to 1 / (rank + 1)^exponent. */
export class ZipfSampler {
  private readonly cumulative: Float64Array;

  constructor(
    readonly size: number,
    private readonly random: () => number,
    readonly exponent = ZIPF_EXPONENT,
  ) {
    if (size < 1) throw new Error('ZipfSampler needs at least one rank');
    this.cumulative = new Float64Array(size);
    let total = 0;
    for (let rank = 0; rank < size; rank += 1) {
      total += zipfWeight(rank, exponent);
      this.cumulative[rank] = total;
    }
  }

  next(): number {
    const target = this.random() * this.cumulative[this.size - 1];
    let low = 0;
    let high = this.size - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle] > target) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}

function zipfWeight(rank: number, exponent = ZIPF_EXPONENT): number {
  return 1 / (rank + 1) ** exponent;
}

export type QueryKind = 'plain' | 'typo' | 'prefix';

export interface SearchQuery {
  /** What the shopper typed, lower-case, words separated by one space. */
  q: string;
  words: number;
  kind: QueryKind;
  /** Words of two departments that no product name combines: most such searches find nothing. */
  crossDepartment: boolean;
}

export interface SuggestionPrefix {
  q: string;
  typo: boolean;
}

interface Vocabulary {
  /** Every word of the names, lower-case, most searched first. */
  words: string[];
  /** Weight of a word in the popularity of the queries containing it. */
  weight: Map<string, number>;
  departments: Array<{ materials: string[]; nouns: string[] }>;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const lower = (phrase: string) => phrase.toLowerCase();
const wordsOf = (phrase: string) => phrase.split(' ');
/** The last word of a noun phrase, what shoppers often search alone: "coffee table" → "table". */
const head = (phrase: string) => wordsOf(phrase).at(-1)!;
/** A word a typo or a prefix may be made of: letters only ("t-shirt" and "chef's" are left whole). */
const plainWord = (word: string, minLength: number) => word.length >= minLength && /^[a-z]+$/.test(word);

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy;
}

/**
 * The name vocabulary, by popularity: product types ("lamp", "table") are searched more than materials, and
 * materials more than adjectives; within each group the order is random.
 */
function vocabulary(seed: number): Vocabulary {
  const random = seededRandom(seed);
  const departments = DEPARTMENTS.map((department) => ({ materials: department.materials.map(lower), nouns: department.nouns.map(lower) }));
  const groups: Array<{ words: Set<string>; offset: number; spread: number }> = [
    { words: new Set(departments.flatMap((department) => department.nouns.flatMap(wordsOf))), offset: 0, spread: 1 },
    { words: new Set(departments.flatMap((department) => department.materials.flatMap(wordsOf))), offset: 0.25, spread: 1.2 },
    { words: new Set(ADJECTIVES.map(lower)), offset: 0.6, spread: 1.5 },
  ];
  const keyed = new Map<string, number>();
  for (const group of groups) {
    for (const word of group.words) if (!keyed.has(word)) keyed.set(word, group.offset + random() * group.spread);
  }
  const words = [...keyed.entries()].sort((a, b) => a[1] - b[1]).map(([word]) => word);
  return { words, weight: new Map(words.map((word, rank) => [word, 1 / (rank + 10)])), departments };
}

/** The distinct single words of the seed's product names, lower-case ("cast iron" gives "cast" and "iron"). */
export function nameWords(): string[] {
  return vocabulary(DEFAULT_SEED).words;
}

interface Candidate {
  q: string;
  crossDepartment: boolean;
  score: number;
}

/**
 * Plain queries of 2 and 3 words, most popular first: in-department combinations (a product type with a material
 * or an adjective, "oak table", "rustic coffee table") and, mostly in the tail, cross-department ones.
 */
function combinations(vocab: Vocabulary, random: () => number): { two: Candidate[]; three: Candidate[] } {
  const two = new Map<string, Candidate>();
  const three = new Map<string, Candidate>();
  const pairs = new Set<string>();
  for (const { materials, nouns } of vocab.departments) {
    for (const material of materials) for (const noun of nouns) pairs.add(`${material}|${head(noun)}`);
  }
  /** `shape`: how often shoppers search this kind of combination (a product type and its material most). */
  const add = (phrases: string[], shape: number, crossDepartment = false) => {
    const q = phrases.join(' ');
    const words = wordsOf(q);
    if (new Set(words).size !== words.length) return;
    const target = words.length === 2 ? two : words.length === 3 ? three : undefined;
    if (!target || target.has(q)) return;
    const popularity = words.reduce((product, word) => product * vocab.weight.get(word)!, 1) ** (1 / words.length);
    target.set(q, { q, crossDepartment, score: popularity * shape * (0.3 + random()) });
  };
  const adjectives = ADJECTIVES.map(lower);
  const someAdjective = () => adjectives[Math.floor(random() * adjectives.length)];
  for (const { materials, nouns } of vocab.departments) {
    for (const noun of nouns) {
      add([noun], 1);
      for (const adjective of adjectives) {
        add([adjective, noun], 0.35);
        add([adjective, head(noun)], 0.35);
      }
      for (const material of materials) {
        add([material, head(noun)], 0.8);
        add([material, noun], 0.7);
        for (const adjective of adjectives) if (random() < 0.3) add([adjective, material, head(noun)], 0.3);
      }
    }
    for (const material of materials) {
      add([material], 0.8);
      for (const adjective of adjectives) add([adjective, material], 0.2);
    }
  }
  // The long tail: a material with a product type no department makes of it ("cashmere lamp"): nothing matches.
  const allMaterials = [...new Set(vocab.departments.flatMap((department) => department.materials))];
  const allNouns = [...new Set(vocab.departments.flatMap((department) => department.nouns))];
  for (const material of allMaterials) {
    for (const noun of allNouns) {
      if (pairs.has(`${material}|${head(noun)}`)) continue;
      if (random() < 0.25) add([material, head(noun)], 0.35, true);
      if (random() < 0.1) add([material, noun], 0.3, true);
      if (random() < 0.1) add([someAdjective(), material, head(noun)], 0.2, true);
    }
  }
  const byScore = (map: Map<string, Candidate>) => [...map.values()].sort((a, b) => b.score - a.score);
  return { two: byScore(two), three: byScore(three) };
}

/** One-letter typo in `word` (not its first letter): substitute, delete, insert or swap two neighbours. */
function misspell(word: string, random: () => number, fromIndex = 1, maxLength = Infinity): string {
  const letter = () => LETTERS[Math.floor(random() * LETTERS.length)];
  const at = (low: number, high: number) => low + Math.floor(random() * (high - low));
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const operation = Math.floor(random() * 4);
    let result = word;
    if (operation === 0) {
      const index = at(fromIndex, word.length);
      result = word.slice(0, index) + letter() + word.slice(index + 1);
    } else if (operation === 1) {
      const index = at(fromIndex, word.length);
      result = word.slice(0, index) + word.slice(index + 1);
    } else if (operation === 2 && word.length < maxLength) {
      const index = at(fromIndex, word.length + 1);
      result = word.slice(0, index) + letter() + word.slice(index);
    } else if (operation === 3 && word.length - fromIndex >= 2) {
      const index = at(fromIndex, word.length - 1);
      result = word.slice(0, index) + word[index + 1] + word[index] + word.slice(index + 2);
    }
    if (result !== word && result.length >= 3) return result;
  }
  return word;
}

type PlainClass = 'one' | 'two' | 'three';
type Kind = 'plain' | 'typo' | 'prefix';

/** Shares of the traffic (the Zipf-weighted draws) each kind of query is aimed at. */
const KIND_TARGETS: Record<Kind, number> = { plain: 0.8, typo: 0.1, prefix: 0.1 };
/**
 * Shares of the plain queries' traffic by word count. Prefixes are one word and typos are of plain queries, so
 * with these the whole traffic is about 40% one word, 40% two and 20% three.
 */
const PLAIN_TARGETS: Record<PlainClass, number> = { one: 0.38, two: 0.42, three: 0.2 };
/** The most popular queries are plain words: the first ranks take no combination, and a few more no typo or prefix. */
const ONE_WORD_HEAD = 3;
const PLAIN_HEAD = 5;

/** Which of `names` is furthest below its target share of the weight handed out so far (counting `weight`, the next one). */
function furthestBehind<T extends string>(names: T[], targets: Record<T, number>, got: Record<T, number>, weight: number): T {
  const all = names.reduce((sum, name) => sum + got[name], 0) + weight;
  const share = names.reduce((sum, name) => sum + targets[name], 0);
  const behind = (name: T) => (targets[name] / share) * all - got[name];
  return names.reduce((best, name) => (behind(name) > behind(best) ? name : best));
}

/**
 * `count` distinct queries, most popular first (rank 0 is the most popular). Each rank goes to the kind (plain,
 * typo, prefix) furthest below its share of the Zipf-weighted traffic so far, and a plain one to the word count
 * furthest below its share; so the traffic's shares hold from the head of the list to its tail, and the set's
 * typo and prefix shares (the tail, where neighbouring ranks weigh about the same) follow them. When the single
 * words or the prefixes run out, the other classes take their ranks.
 */
export function buildSearchQueries(count = SEARCH_QUERY_COUNT, seed = DEFAULT_SEED): SearchQuery[] {
  const vocab = vocabulary(seed);
  const random = seededRandom(seed + 1);
  const known = new Set(vocab.words);
  const { two, three } = combinations(vocab, random);
  const plain: Record<PlainClass, Candidate[]> = { one: vocab.words.map((q) => ({ q, crossDepartment: false, score: 0 })), two, three };
  const prefixes: Candidate[] = [
    ...new Set(
      vocab.words
        .filter((word) => plainWord(word, 4))
        .flatMap((word) =>
          [3, 4, 5]
            .filter((length) => length < word.length)
            .map((length) => ({ q: word.slice(0, length), score: vocab.weight.get(word)! * (1.2 - length * 0.15) * (0.5 + random()) })),
        )
        .sort((a, b) => b.score - a.score)
        .map((prefix) => prefix.q),
    ),
  ]
    .filter((q) => !known.has(q))
    .map((q) => ({ q, crossDepartment: false, score: 0 }));
  const used = new Set<string>();
  const cursor: Record<PlainClass | 'prefix', number> = { one: 0, two: 0, three: 0, prefix: 0 };
  const take = (name: PlainClass | 'prefix'): Candidate | undefined => {
    const queue = name === 'prefix' ? prefixes : plain[name];
    while (cursor[name] < queue.length) {
      const candidate = queue[cursor[name]++];
      if (!used.has(candidate.q)) return candidate;
    }
    return undefined;
  };
  const queries: SearchQuery[] = [];
  const placedPlain: SearchQuery[] = [];
  /** A one-letter typo in a plain query more popular than this rank: common queries are the commonly misspelt. */
  const typo = (): SearchQuery => {
    for (let attempt = 0; attempt < 1000; attempt += 1) {
      const base = placedPlain[Math.floor(random() * placedPlain.length)];
      const words = wordsOf(base.q);
      const eligible = words.map((_word, index) => index).filter((index) => plainWord(words[index], 4));
      if (!eligible.length) continue;
      const index = eligible[Math.floor(random() * eligible.length)];
      const misspelt = misspell(words[index], random);
      if (misspelt === words[index] || known.has(misspelt)) continue;
      const q = words.map((word, position) => (position === index ? misspelt : word)).join(' ');
      if (!used.has(q)) return { q, words: words.length, kind: 'typo', crossDepartment: base.crossDepartment };
    }
    throw new Error('no new typo found');
  };

  const kindWeights: Record<Kind, number> = { plain: 0, typo: 0, prefix: 0 };
  const plainWeights: Record<PlainClass, number> = { one: 0, two: 0, three: 0 };
  const kinds = new Set<Kind>(['plain', 'typo', 'prefix']);
  const plainClasses = new Set<PlainClass>(['one', 'two', 'three']);
  while (queries.length < count) {
    const rank = queries.length;
    const weight = zipfWeight(rank);
    const kind = rank < PLAIN_HEAD ? 'plain' : furthestBehind([...kinds], KIND_TARGETS, kindWeights, weight);
    let query: SearchQuery | undefined;
    let plainClass: PlainClass | undefined;
    if (kind === 'typo') query = typo();
    else if (kind === 'prefix') {
      const candidate = take('prefix');
      if (!candidate) {
        kinds.delete('prefix');
        continue;
      }
      query = { q: candidate.q, words: 1, kind, crossDepartment: false };
    } else {
      if (!plainClasses.size) throw new Error(`the vocabulary gives only ${queries.length} distinct queries`);
      plainClass = rank < ONE_WORD_HEAD ? 'one' : furthestBehind([...plainClasses], PLAIN_TARGETS, plainWeights, weight);
      const candidate = take(plainClass);
      if (!candidate) {
        plainClasses.delete(plainClass);
        continue;
      }
      query = { q: candidate.q, words: wordsOf(candidate.q).length, kind, crossDepartment: candidate.crossDepartment };
      placedPlain.push(query);
      plainWeights[plainClass] += weight;
    }
    used.add(query.q);
    queries.push(query);
    kindWeights[kind] += weight;
  }
  return queries;
}

/**
 * Prefixes the autocomplete box sends while a shopper types a word of a product name, most popular first: 3 to
 * 8 letters (the whole word when it is that short), short ones more often; about 10% with a typo after the
 * first 4 letters ("cashmr", "lanterb").
 */
export function buildSuggestionPrefixes(seed = DEFAULT_SEED): SuggestionPrefix[] {
  const vocab = vocabulary(seed);
  const random = seededRandom(seed + 2);
  const lengthWeight = (length: number) => [1, 0.9, 0.75, 0.6, 0.5, 0.4][length - 3];
  const candidates = new Map<string, { q: string; typo: boolean; score: number }>();
  const add = (q: string, typo: boolean, score: number) => {
    const existing = candidates.get(q);
    if (!existing || (existing.typo && !typo) || (existing.typo === typo && existing.score < score)) candidates.set(q, { q, typo, score });
  };
  for (const word of vocab.words.filter((candidate) => plainWord(candidate, 3))) {
    const weight = vocab.weight.get(word)!;
    for (let length = 3; length <= Math.min(8, word.length); length += 1) add(word.slice(0, length), false, weight * lengthWeight(length) * (0.5 + random()));
  }
  const plainCount = candidates.size;
  const typos: Array<{ q: string; score: number }> = [];
  for (const word of vocab.words.filter((candidate) => plainWord(candidate, 6))) {
    for (let length = 6; length <= Math.min(8, word.length); length += 1) {
      const q = misspell(word.slice(0, length), random, 4, 8);
      if (!candidates.has(q)) typos.push({ q, score: vocab.weight.get(word)! * lengthWeight(length) * 0.6 * (0.5 + random()) });
    }
  }
  const wanted = Math.round(plainCount / 9);
  for (const { q, score } of shuffled(typos, random).slice(0, wanted)) add(q, true, score);
  return [...candidates.values()].sort((a, b) => b.score - a.score).map(({ q, typo }) => ({ q, typo }));
}

export interface Shares {
  oneWord: number;
  twoWords: number;
  threeWords: number;
  typo: number;
  prefix: number;
  crossDepartment: number;
}

export interface QuerySetFacts {
  distinct: number;
  exponent: number;
  /** Shares of the distinct queries. */
  set: Shares;
  /** Expected shares of the requests: each query weighted by its Zipf probability. */
  traffic: Shares;
  /** The share of the traffic the 10 and 100 most popular queries take. */
  top10: number;
  top100: number;
  mostPopular: string[];
}

export interface SuggestionFacts {
  distinct: number;
  typo: { set: number; traffic: number };
  lengths: string;
}

function sharesOf(queries: SearchQuery[], weightOf: (rank: number) => number): Shares {
  const shares: Shares = { oneWord: 0, twoWords: 0, threeWords: 0, typo: 0, prefix: 0, crossDepartment: 0 };
  let total = 0;
  queries.forEach((query, rank) => {
    const weight = weightOf(rank);
    total += weight;
    if (query.words === 1) shares.oneWord += weight;
    if (query.words === 2) shares.twoWords += weight;
    if (query.words === 3) shares.threeWords += weight;
    if (query.kind === 'typo') shares.typo += weight;
    if (query.kind === 'prefix') shares.prefix += weight;
    if (query.crossDepartment) shares.crossDepartment += weight;
  });
  for (const key of Object.keys(shares) as Array<keyof Shares>) shares[key] /= total;
  return shares;
}

export function describeQuerySet(queries: SearchQuery[]): QuerySetFacts {
  const totalWeight = queries.reduce((sum, _query, rank) => sum + zipfWeight(rank), 0);
  const headShare = (ranks: number) => queries.slice(0, ranks).reduce((sum, _query, rank) => sum + zipfWeight(rank), 0) / totalWeight;
  return {
    distinct: new Set(queries.map((query) => query.q)).size,
    exponent: ZIPF_EXPONENT,
    set: sharesOf(queries, () => 1),
    traffic: sharesOf(queries, (rank) => zipfWeight(rank)),
    top10: headShare(10),
    top100: headShare(100),
    mostPopular: queries.slice(0, 10).map((query) => query.q),
  };
}

export function describeSuggestionPrefixes(prefixes: SuggestionPrefix[]): SuggestionFacts {
  let typoWeight = 0;
  let total = 0;
  const lengths = new Map<number, number>();
  prefixes.forEach((prefix, rank) => {
    total += zipfWeight(rank);
    if (prefix.typo) typoWeight += zipfWeight(rank);
    lengths.set(prefix.q.length, (lengths.get(prefix.q.length) ?? 0) + 1);
  });
  return {
    distinct: new Set(prefixes.map((prefix) => prefix.q)).size,
    typo: { set: prefixes.filter((prefix) => prefix.typo).length / prefixes.length, traffic: typoWeight / total },
    lengths: [...lengths.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([length, count]) => `${length}: ${count}`)
      .join(', '),
  };
}

/** The start-up check: what the query set promises, or an error saying what it breaks. */
export function assertQuerySet(facts: QuerySetFacts, suggestions: SuggestionFacts): void {
  const problems: string[] = [];
  if (facts.distinct < SEARCH_QUERY_COUNT) problems.push(`${facts.distinct} distinct queries, fewer than ${SEARCH_QUERY_COUNT}`);
  for (const [what, shares] of [
    ['of the set', facts.set],
    ['of the traffic', facts.traffic],
  ] as const) {
    for (const kind of ['typo', 'prefix'] as const) {
      if (shares[kind] < 0.08 || shares[kind] > 0.12) problems.push(`${kind} share ${(shares[kind] * 100).toFixed(1)}% ${what}, outside 8–12%`);
    }
  }
  if (suggestions.typo.set < 0.05 || suggestions.typo.set > 0.15)
    problems.push(`suggestion typo share ${(suggestions.typo.set * 100).toFixed(1)}%, outside 5–15%`);
  if (problems.length) throw new Error(`the search query set is off: ${problems.join('; ')}`);
}
