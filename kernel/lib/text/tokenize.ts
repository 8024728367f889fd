/**
 * Tokenisation: cutting text into the units a model reads.
 * - characters: Unicode code points (so "é" or an emoji is one token, not two UTF-16 halves);
 * - words: runs of letters (with inner apostrophes and hyphens: "don't", "state-of-the-art"),
 *   numbers ("3.14", "1,000"), and, unless dropped, each punctuation mark or symbol on its own;
 * - whitespace: whatever lies between spaces, untouched.
 */

function checkText(text: unknown, who: string): asserts text is string {
  if (typeof text !== 'string') throw new Error(`${who}: expected a string; got ${text === null ? 'null' : typeof text}`);
}

export function tokenizeCharacters(text: string): string[] {
  checkText(text, 'tokenizeCharacters');
  return Array.from(text);
}

const wordPattern = /\p{L}[\p{L}\p{M}\p{N}]*(?:['’-][\p{L}\p{M}\p{N}]+)*|\p{N}+(?:[.,]\p{N}+)*|[\p{P}\p{S}]/gu;
const wordOnlyPattern = /\p{L}[\p{L}\p{M}\p{N}]*(?:['’-][\p{L}\p{M}\p{N}]+)*|\p{N}+(?:[.,]\p{N}+)*/gu;

export interface WordTokenizeOptions {
  /** Keep punctuation marks and symbols as tokens of their own (default true). */
  keepPunctuation?: boolean;
}

export function tokenizeWords(text: string, options: WordTokenizeOptions = {}): string[] {
  checkText(text, 'tokenizeWords');
  const pattern = options.keepPunctuation ?? true ? wordPattern : wordOnlyPattern;
  return text.match(pattern) ?? [];
}

export function tokenizeWhitespace(text: string): string[] {
  checkText(text, 'tokenizeWhitespace');
  return text.split(/\s+/u).filter((token) => token.length > 0);
}
