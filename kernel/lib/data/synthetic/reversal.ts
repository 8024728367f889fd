/**
 * Sequence reversal, the classic sequence-to-sequence toy task: "abcde" → "edcba". The first output
 * depends on the last input, so an encoder-decoder must carry the whole sequence in its context
 * (or attend back to it); attention learns an anti-diagonal alignment.
 */
import { Random } from '../../core/random';
import { Vocabulary } from '../../text/vocabulary';
import { lengthRange, positiveInteger } from './checks';

export interface ReversalOptions {
  count: number;
  minLength?: number;
  maxLength?: number;
  /** Characters to draw from (default 'abcdefghij'). */
  alphabet?: string;
  seed?: number;
}

export interface ReversalTask {
  sources: string[];
  targets: string[];
  /** Ids from `vocabulary`, without <bos>/<eos> (add them with `vocabulary.encode(…, { addBos, addEos })`). */
  sourceIds: number[][];
  targetIds: number[][];
  /** One vocabulary for both sides: the alphabet after the four specials. */
  vocabulary: Vocabulary;
}

export function sequenceReversal(options: ReversalOptions): ReversalTask {
  const count = positiveInteger('sequenceReversal', 'count', options?.count);
  const [minLength, maxLength] = lengthRange('sequenceReversal', options.minLength ?? 3, options.maxLength ?? 10);
  const alphabet = Array.from(options.alphabet ?? 'abcdefghij');
  if (alphabet.length === 0 || new Set(alphabet).size !== alphabet.length) {
    throw new Error(`sequenceReversal: alphabet must be a non-empty string of distinct characters; got '${options.alphabet}'`);
  }
  const random = new Random(options.seed ?? 0);
  const vocabulary = new Vocabulary(alphabet);
  const sources: string[] = [];
  const targets: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = minLength + random.int(maxLength - minLength + 1);
    const chars = Array.from({ length }, () => alphabet[random.int(alphabet.length)]);
    sources.push(chars.join(''));
    targets.push([...chars].reverse().join(''));
  }
  return {
    sources,
    targets,
    sourceIds: sources.map((s) => vocabulary.encode(Array.from(s))),
    targetIds: targets.map((t) => vocabulary.encode(Array.from(t))),
    vocabulary,
  };
}
