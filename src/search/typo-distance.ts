/**
 * Optimal string alignment distance (Levenshtein plus the swap of two neighbouring letters), stopping as soon as
 * it exceeds `limit`: a typo is one letter substituted, missing, extra, or swapped with its neighbour.
 */
export function editDistanceWithin(a: string, b: string, limit: number): boolean {
  if (Math.abs(a.length - b.length) > limit) return false;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, beforePrevious[j - 2] + 1);
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return false;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] <= limit;
}

/** Whether `word` is one typo away from `typed`, or (for a word being typed) some prefix of `word` is. */
export function isOneTypoAway(typed: string, word: string, asPrefix: boolean): boolean {
  if (!asPrefix) return editDistanceWithin(typed, word, 1);
  for (const length of [typed.length - 1, typed.length, typed.length + 1]) {
    if (length > 0 && length <= word.length && editDistanceWithin(typed, word.slice(0, length), 1)) return true;
  }
  return false;
}
