/**
 * Text normalisation before tokenisation: lower-casing, punctuation removal and stop-word removal,
 * so that "Great!", "great" and "GREAT" become one token and very frequent function words
 * ("the", "of", "and") do not crowd out the words that carry meaning.
 *
 * The English stop-word list is the `eng` list of the `stopword` npm package (108 words, from
 * Chris Umbel's `natural`; MIT). It leaves out negations such as "not" and "no", which decide the
 * sentiment of many sentences.
 */
import { eng } from 'stopword';

/** The default English stop words (lower case). */
export const englishStopWords: readonly string[] = eng;

function checkText(text: unknown, who: string): asserts text is string {
  if (typeof text !== 'string') throw new Error(`${who}: expected a string; got ${text === null ? 'null' : typeof text}`);
}

export function lowerCase(text: string): string {
  checkText(text, 'lowerCase');
  return text.toLowerCase();
}

/**
 * Removes Unicode punctuation (category P). Apostrophes inside a word are dropped so that
 * "don't" becomes "dont"; every other mark becomes a space so "end.Start" stays two words.
 * Runs of whitespace collapse to one space and the ends are trimmed.
 */
export function removePunctuation(text: string): string {
  checkText(text, 'removePunctuation');
  return text
    .replace(/(?<=\p{L})['’](?=\p{L})/gu, '')
    .replace(/\p{P}/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Drops tokens whose lower-case form is in `stopWords` (default: `englishStopWords`). */
export function removeStopWords(tokens: readonly string[], stopWords: readonly string[] = englishStopWords): string[] {
  if (!Array.isArray(tokens)) throw new Error(`removeStopWords: expected an array of tokens; got ${typeof tokens}`);
  const set = new Set(stopWords.map((word) => word.toLowerCase()));
  return tokens.filter((token) => !set.has(token.toLowerCase()));
}

export interface NormalizeOptions {
  /** Default true. */
  lowerCase?: boolean;
  /** Default true. */
  removePunctuation?: boolean;
}

/** Lower-cases and removes punctuation (each step can be switched off); collapses whitespace. */
export function normalizeText(text: string, options: NormalizeOptions = {}): string {
  checkText(text, 'normalizeText');
  let result = text;
  if (options.lowerCase ?? true) result = lowerCase(result);
  if (options.removePunctuation ?? true) result = removePunctuation(result);
  return result.replace(/\s+/gu, ' ').trim();
}
