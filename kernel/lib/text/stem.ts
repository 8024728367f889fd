/**
 * Stemming: cutting suffixes so that inflected forms share one token ("connected", "connecting",
 * "connection" → "connect"). This is Porter's (1980) algorithm as implemented by the `stemmer` npm
 * package (MIT). Stems need not be words ("ponies" → "poni"); they are features, not text to show.
 * Input is expected in lower case, as `normalizeText` leaves it.
 */
import { stemmer } from 'stemmer';

export function stem(word: string): string {
  if (typeof word !== 'string') throw new Error(`stem: expected a string; got ${word === null ? 'null' : typeof word}`);
  return stemmer(word);
}

export function stemAll(tokens: readonly string[]): string[] {
  if (!Array.isArray(tokens)) throw new Error(`stemAll: expected an array of tokens; got ${typeof tokens}`);
  return tokens.map(stem);
}
