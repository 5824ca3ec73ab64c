const MAX_TERMS = 8;

/** The words of a search: letters and digits only (so nothing else reaches the tsquery), lower-cased. */
export function searchTerms(query: string): string[] {
  return (
    query
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).slice(0, MAX_TERMS);
}
