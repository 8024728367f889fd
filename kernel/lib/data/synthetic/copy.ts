/**
 * The copy (recall) task with a long delay (Hochreiter & Schmidhuber 1997; in the form of
 * Arjovsky, Shah & Bengio 2016): read `symbols` random symbols, wait through `delay` steps, and at
 * the delimiter write the symbols back in order. Ids: 0 is the blank, 1 … K the symbols, K + 1 the
 * delimiter. With S symbols and delay D:
 *   input:  s₁ … s_S, blank × (D − 1), delimiter, blank × S
 *   target: blank × (S + D),           s₁ … s_S
 * both of length 2S + D. A model that only learns "blank, then guess" reaches a cross-entropy of
 * S log K / (2S + D) per step (`baselineLoss`); beating it needs memory across D steps.
 */
import { Random } from '../../core/random';
import { positiveInteger } from './checks';

export interface CopyTaskOptions {
  count: number;
  /** S: symbols to remember (default 10). */
  symbols?: number;
  /** D: steps between the last symbol and the delimiter's step + 1 (default 50). */
  delay?: number;
  /** K: size of the alphabet (default 8, at most 26). */
  alphabet?: number;
  seed?: number;
}

export interface CopyTask {
  /** `[count][2S + D]` ids. */
  inputs: number[][];
  /** `[count][2S + D]` ids. */
  targets: number[][];
  /** Names of the ids: `_` (blank), `A` … (symbols), `:` (delimiter). */
  tokens: string[];
  blankId: number;
  delimiterId: number;
  length: number;
  /** S log K / (2S + D): cross-entropy per step of the memoryless strategy. */
  baselineLoss: number;
}

export function copyTask(options: CopyTaskOptions): CopyTask {
  const count = positiveInteger('copyTask', 'count', options?.count);
  const symbols = positiveInteger('copyTask', 'symbols', options.symbols ?? 10);
  const delay = positiveInteger('copyTask', 'delay', options.delay ?? 50);
  const alphabet = positiveInteger('copyTask', 'alphabet', options.alphabet ?? 8);
  if (alphabet > 26) throw new Error(`copyTask: alphabet must be at most 26 symbols; got ${alphabet}`);
  const random = new Random(options.seed ?? 0);
  const delimiterId = alphabet + 1;
  const length = 2 * symbols + delay;
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let i = 0; i < count; i++) {
    const message = Array.from({ length: symbols }, () => 1 + random.int(alphabet));
    const input = new Array<number>(length).fill(0);
    const target = new Array<number>(length).fill(0);
    message.forEach((symbol, j) => {
      input[j] = symbol;
      target[symbols + delay + j] = symbol;
    });
    input[symbols + delay - 1] = delimiterId;
    inputs.push(input);
    targets.push(target);
  }
  const tokens = ['_', ...Array.from({ length: alphabet }, (_, k) => String.fromCharCode(65 + k)), ':'];
  return { inputs, targets, tokens, blankId: 0, delimiterId, length, baselineLoss: (symbols * Math.log(alphabet)) / length };
}
