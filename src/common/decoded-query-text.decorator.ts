import { Matches } from 'class-validator';

/**
 * What a query value can hold only when its percent-encoding was not valid UTF-8: Fastify's query parser then keeps
 * the whole value undecoded (`%E9` stays `%E9`), while a WHATWG parser (`URLSearchParams`, which keys the catalog
 * cache) reads each broken sequence as U+FFFD. Refusing both makes what a route reads and what the cache keys on
 * the same text: `?q=%E9` and `?q=%E8` would otherwise share one entry. A literal `%` followed by two hex digits
 * (sent as `%25`) is refused too; it cannot be told apart from an undecoded value.
 */
const UNDECODED = /^(?!.*%[0-9A-Fa-f]{2})[^\uFFFD]*$/s;

/** A free-text query parameter that arrived as valid percent-encoded UTF-8 (see {@link UNDECODED}). */
export const DecodedQueryText = () =>
  Matches(UNDECODED, { message: ({ property }) => `${property} must be UTF-8, percent-encoded once; it holds an invalid or undecoded percent sequence` });
