/**
 * Balanced parentheses, a classification task that needs a counter (or a stack, with several
 * bracket types): is every opening bracket closed, in the right order and by its own kind?
 * "(()[])" is balanced; "(()", "())(" and "([)]" are not.
 *
 * Half of the examples are balanced (label 1), drawn by a random walk that opens or closes at each
 * step while it can still end at depth 0. The other half (label 0) are balanced strings with one
 * corruption: a bracket turned around, two neighbours swapped, or a bracket replaced by another
 * kind. Both halves therefore have the same even lengths and the same brackets, so neither the
 * length nor the character counts alone give the label away (a turned-around bracket does change
 * the counts, as any unbalanced string of one kind must).
 */
import { Random } from '../../core/random';
import { Vocabulary } from '../../text/vocabulary';
import { lengthRange, positiveInteger } from './checks';

export interface ParenthesesOptions {
  count: number;
  /** Shortest string (rounded up to even; default 2). */
  minLength?: number;
  /** Longest string (default 20). */
  maxLength?: number;
  /** Bracket pairs as opening+closing characters, e.g. `'()'` (default) or `'()[]{}'`. */
  pairs?: string;
  seed?: number;
}

export interface ParenthesesTask {
  texts: string[];
  /** 1 balanced, 0 not. */
  labels: number[];
  /** Character ids from `vocabulary` (no <bos>/<eos>). */
  inputs: number[][];
  vocabulary: Vocabulary;
}

/** Whether every bracket in `text` is closed in order by its own kind; `pairs` as in the options. */
export function isBalanced(text: string, pairs = '()'): boolean {
  const closerOf = new Map<string, string>();
  for (let i = 0; i < pairs.length; i += 2) closerOf.set(pairs[i], pairs[i + 1]);
  const closers = new Set(closerOf.values());
  const stack: string[] = [];
  for (const ch of text) {
    if (closerOf.has(ch)) stack.push(closerOf.get(ch)!);
    else if (closers.has(ch)) {
      if (stack.pop() !== ch) return false;
    } else {
      throw new Error(`isBalanced: '${ch}' is not one of the brackets '${pairs}'`);
    }
  }
  return stack.length === 0;
}

function checkPairs(pairs: string): void {
  if (typeof pairs !== 'string' || pairs.length === 0 || pairs.length % 2 !== 0 || new Set(pairs).size !== pairs.length) {
    throw new Error(`balancedParentheses: pairs must be distinct opening/closing characters, e.g. '()' or '()[]'; got '${String(pairs)}'`);
  }
}

/** A random balanced string of even `length`. */
function randomBalanced(random: Random, length: number, pairs: string): string {
  const out: string[] = [];
  const stack: string[] = [];
  for (let i = 0; i < length; i++) {
    const remaining = length - i;
    // Open only if the string can still close everything afterwards.
    const canOpen = stack.length + 1 <= remaining - 1;
    const canClose = stack.length > 0;
    if (canOpen && (!canClose || random.next() < 0.5)) {
      const kind = 2 * random.int(pairs.length / 2);
      out.push(pairs[kind]);
      stack.push(pairs[kind + 1]);
    } else {
      out.push(stack.pop()!);
    }
  }
  return out.join('');
}

/** One corruption of a balanced string; the caller keeps it only if it is indeed unbalanced. */
function corrupt(random: Random, text: string, pairs: string): string {
  const chars = Array.from(text);
  const i = random.int(chars.length);
  const index = pairs.indexOf(chars[i]);
  const move = random.int(pairs.length > 2 ? 3 : 2);
  if (move === 0) {
    // Turn the bracket around: opening ↔ closing of the same kind.
    chars[i] = pairs[index % 2 === 0 ? index + 1 : index - 1];
  } else if (move === 1 && chars.length > 1) {
    const j = i + 1 < chars.length ? i + 1 : i - 1;
    [chars[i], chars[j]] = [chars[j], chars[i]];
  } else {
    // Another kind, same direction.
    const kinds = pairs.length / 2;
    const kind = (Math.floor(index / 2) + 1 + random.int(Math.max(1, kinds - 1))) % kinds;
    chars[i] = pairs[2 * kind + (index % 2)];
  }
  return chars.join('');
}

export function balancedParentheses(options: ParenthesesOptions): ParenthesesTask {
  const count = positiveInteger('balancedParentheses', 'count', options?.count);
  const [minLength, maxLength] = lengthRange('balancedParentheses', options.minLength ?? 2, options.maxLength ?? 20);
  const pairs = options.pairs ?? '()';
  checkPairs(pairs);
  const lengths: number[] = [];
  for (let n = minLength + (minLength % 2); n <= maxLength; n += 2) lengths.push(n);
  if (lengths.length === 0) throw new Error(`balancedParentheses: no even length lies in [${minLength}, ${maxLength}]`);
  const random = new Random(options.seed ?? 0);
  const vocabulary = new Vocabulary(Array.from(pairs));
  const texts: string[] = [];
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const label = i % 2 === 0 ? 1 : 0;
    const length = lengths[random.int(lengths.length)];
    let text = randomBalanced(random, length, pairs);
    if (label === 0) {
      let candidate = corrupt(random, text, pairs);
      while (isBalanced(candidate, pairs)) candidate = corrupt(random, text, pairs);
      text = candidate;
    }
    texts.push(text);
    labels.push(label);
  }
  // Shuffle so the labels do not alternate.
  const order = random.shuffle(texts.map((_, i) => i));
  const shuffledTexts = order.map((i) => texts[i]);
  return {
    texts: shuffledTexts,
    labels: order.map((i) => labels[i]),
    inputs: shuffledTexts.map((text) => vocabulary.encode(Array.from(text))),
    vocabulary,
  };
}
