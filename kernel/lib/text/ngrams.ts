/**
 * n-grams: every run of n consecutive tokens, the classic features of a bag-of-n-grams
 * classifier and the units of a Markov (n-gram) language model, which conditions each token on
 * the n − 1 before it.
 */

function checkN(n: number, who: string): void {
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${who}: n must be a positive integer; got ${n}`);
}

/** All runs of `n` consecutive items, in order; empty when there are fewer than n items. */
export function ngrams<T>(items: readonly T[], n: number): T[][] {
  checkN(n, 'ngrams');
  if (!Array.isArray(items)) throw new Error(`ngrams: expected an array; got ${typeof items}`);
  const result: T[][] = [];
  for (let i = 0; i + n <= items.length; i++) result.push(items.slice(i, i + n));
  return result;
}

/** n-grams joined into strings ("not good" for n = 2 with separator ' '). */
export function ngramStrings(tokens: readonly string[], n: number, separator = ' '): string[] {
  return ngrams(tokens, n).map((gram) => gram.join(separator));
}

/** Every n-gram for n from `min` to `max` (e.g. unigrams and bigrams), as strings. */
export function ngramFeatures(tokens: readonly string[], range: { min?: number; max?: number } = {}, separator = ' '): string[] {
  const { min = 1, max = 2 } = range;
  checkN(min, 'ngramFeatures min');
  checkN(max, 'ngramFeatures max');
  if (max < min) throw new Error(`ngramFeatures: max (${max}) must be at least min (${min})`);
  const features: string[] = [];
  for (let n = min; n <= max; n++) features.push(...ngramStrings(tokens, n, separator));
  return features;
}

/** Character n-grams of a text (code points), e.g. "cat", 2 → ["ca", "at"]. */
export function characterNgrams(text: string, n: number): string[] {
  if (typeof text !== 'string') throw new Error(`characterNgrams: expected a string; got ${typeof text}`);
  return ngrams(Array.from(text), n).map((gram) => gram.join(''));
}

/** How often each n-gram occurs over token lists, most frequent first (ties: first appearance). */
export function ngramCounts(sequences: readonly (readonly string[])[], n: number, separator = ' '): Map<string, number> {
  const counts = new Map<string, number>();
  for (const tokens of sequences) {
    for (const gram of ngramStrings(tokens, n, separator)) counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return new Map([...counts.entries()].sort((a, b) => b[1] - a[1]));
}
