/**
 * Synthetic movie reviews for sentiment classification (many-to-one). A review is a few sentences
 * of raw text, capitalised and punctuated as people write ("I didn't enjoy the plot! It runs for
 * about two hours."): exactly one opinion sentence decides the label, every other sentence is a
 * neutral filler (reviewPhrases.ts). The generator controls what makes the task instructive:
 *   - negation: with probability `negationRate` the opinion is negated ("the acting was not good",
 *     "i didn't hate this film"), which flips the label, so single words do not decide it;
 *   - position: the opinion sentence can come first, last, or anywhere, and the fillers make the
 *     review long, so a classifier that reads only the final RNN state must carry the decisive
 *     words across many steps.
 * Labels are balanced in expectation: each review's label is a fair coin.
 */
import { Random } from '../../core/random';
import { positiveInteger } from './checks';
import { aspects, filmWords, fillerPatterns, fillerWords, intensifiers, opinionPatterns, sentimentAdjectives, sentimentVerbs } from './reviewPhrases';

export type OpinionPosition = 'random' | 'first' | 'last';

export interface Review {
  /** The review as written: sentences capitalised, punctuated and joined by spaces. */
  text: string;
  /** The same sentences, one string each. */
  sentences: string[];
  /** 1 = positive, 0 = negative. */
  label: 0 | 1;
  /** Whether the opinion is negated (its words say the opposite of the label). */
  negated: boolean;
  /** Index of the opinion sentence in `sentences`. */
  opinionIndex: number;
}

export interface SentimentReviewsOptions {
  count: number;
  /** Fewest and most filler sentences per review, inclusive (default [0, 4]). */
  fillerSentences?: [number, number];
  /** Where the opinion sentence goes (default 'random'). */
  opinionPosition?: OpinionPosition;
  /** Probability that the opinion is negated (default 0.3). */
  negationRate?: number;
  seed?: number;
}

export interface SentimentReviews {
  reviews: Review[];
  texts: string[];
  labels: (0 | 1)[];
  labelNames: ['negative', 'positive'];
}

const pick = <T>(random: Random, items: readonly T[]): T => items[random.int(items.length)];

/** Fills `{slot}`s: named filler slots from `fillerWords`, the rest from `values` (called per slot). */
function fill(pattern: string, values: (slot: string) => string): string {
  return pattern.replace(/\{(\w+)\}/g, (_, slot: string) => values(slot));
}

function opinionSentence(random: Random, polarity: 0 | 1, negated: boolean): string {
  const pattern = pick(random, opinionPatterns)[negated ? 1 : 0];
  const usedAspects: string[] = [];
  const verb = pick(random, sentimentVerbs[polarity]);
  return fill(pattern, (slot) => {
    switch (slot) {
      case 'aspect': {
        const aspect = pick(random, aspects.filter((a) => !usedAspects.includes(a)));
        usedAspects.push(aspect);
        return aspect;
      }
      case 'adj':
        return pick(random, sentimentAdjectives[polarity]);
      case 'verb':
        return verb[0];
      case 'verbBase':
        return verb[1];
      case 'intensifier':
        return pick(random, intensifiers);
      case 'film':
        return pick(random, filmWords);
      case 'wasnt':
        return random.next() < 0.5 ? "wasn't" : 'was not';
      case 'didnt':
        return random.next() < 0.5 ? "didn't" : 'did not';
      default:
        throw new Error(`sentimentReviews: unknown slot {${slot}} in an opinion pattern`);
    }
  });
}

function fillerSentence(random: Random, pattern: string): string {
  return fill(pattern, (slot) => {
    if (slot === 'film') return pick(random, filmWords);
    const words = fillerWords[slot];
    if (!words) throw new Error(`sentimentReviews: unknown slot {${slot}} in a filler pattern`);
    return pick(random, words);
  });
}

const capitalise = (sentence: string) => sentence.charAt(0).toUpperCase() + sentence.slice(1);

function checkOptions(options: SentimentReviewsOptions): { fillers: [number, number]; position: OpinionPosition; negationRate: number } {
  const fillers = options.fillerSentences ?? [0, 4];
  const most = fillerPatterns.length;
  if (!Array.isArray(fillers) || fillers.length !== 2 || !fillers.every((n) => Number.isInteger(n) && n >= 0) || fillers[1] < fillers[0] || fillers[1] > most) {
    throw new Error(`sentimentReviews: fillerSentences must be [min, max] with whole numbers 0 ≤ min ≤ max ≤ ${most} (the number of filler patterns); got ${JSON.stringify(options.fillerSentences)}`);
  }
  const position = options.opinionPosition ?? 'random';
  if (!['random', 'first', 'last'].includes(position)) {
    throw new Error(`sentimentReviews: opinionPosition must be 'random', 'first' or 'last'; got '${String(position)}'`);
  }
  const negationRate = options.negationRate ?? 0.3;
  if (typeof negationRate !== 'number' || !(negationRate >= 0 && negationRate <= 1)) {
    throw new Error(`sentimentReviews: negationRate must be a probability in [0, 1]; got ${String(options.negationRate)}`);
  }
  return { fillers, position, negationRate };
}

/** `count` reviews, each one opinion sentence among neutral fillers. */
export function sentimentReviews(options: SentimentReviewsOptions): SentimentReviews {
  const count = positiveInteger('sentimentReviews', 'count', options?.count);
  const { fillers, position, negationRate } = checkOptions(options);
  const random = new Random(options.seed ?? 0);
  const reviews: Review[] = [];
  for (let i = 0; i < count; i++) {
    const label: 0 | 1 = random.next() < 0.5 ? 1 : 0;
    const negated = random.next() < negationRate;
    const polarity = (negated ? 1 - label : label) as 0 | 1;
    const fillerCount = fillers[0] + random.int(fillers[1] - fillers[0] + 1);
    const opinionIndex = position === 'first' ? 0 : position === 'last' ? fillerCount : random.int(fillerCount + 1);
    // Fillers are distinct patterns, so no review says the same kind of thing twice.
    const fillerOrder = random.shuffle([...fillerPatterns]);
    const sentences = Array.from({ length: fillerCount + 1 }, (_, s) => {
      if (s !== opinionIndex) return `${capitalise(fillerSentence(random, fillerOrder[s < opinionIndex ? s : s - 1]))}.`;
      return `${capitalise(opinionSentence(random, polarity, negated))}${random.next() < 0.3 ? '!' : '.'}`;
    });
    reviews.push({ text: sentences.join(' '), sentences, label, negated, opinionIndex });
  }
  return { reviews, texts: reviews.map((r) => r.text), labels: reviews.map((r) => r.label), labelNames: ['negative', 'positive'] };
}
