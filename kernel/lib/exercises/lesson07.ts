/**
 * Checks for the exercises of lesson 7 (sequence to sequence with attention):
 *   checkAdditiveScores(additiveScores)   Bahdanau's score e_i = vᵀ tanh(W s + U h_i), against `AdditiveAttention`
 *   checkAttend(attend)                   masked softmax and context vector, against `maskedSoftmax` / `contextVector`
 *   checkTeacherForcing(teacherForcing)   decoder inputs and outputs of one target, against `seq2seqBatch`
 * The learner works with plain arrays, in the layout of the equations: W `[attention][query]`,
 * U `[attention][key]` (the library keeps their transposes, for row vectors).
 * Each returns a line (✓ or "not attempted yet") or throws an `ExerciseError` explaining the mistake.
 */
import { tf } from '../tf';
import { Random } from '../core/random';
import { AdditiveAttention } from '../attention/additive';
import { contextVector, maskedSoftmax } from '../attention/context';
import { disposeSeq2seqBatch, seq2seqBatch } from '../models/seq2seqBatch';
import { callLearner, ExerciseError, expectFunction, formatValue, isVector, maxDifference, runCheck } from './checking';

export type AdditiveScoresFn = (query: number[], keys: number[][], W: number[][], U: number[][], v: number[]) => number[];
export type AttendFn = (scores: number[], keys: number[][], mask: number[]) => { weights: number[]; context: number[] };
export type TeacherForcingFn = (target: number[], startToken: number, endToken: number) => { inputs: number[]; outputs: number[] };

const TOLERANCE = 1e-4;
const transpose = (m: number[][]) => m[0].map((_, j) => m.map((row) => row[j]));
const copyMatrix = (m: number[][]) => m.map((row) => [...row]);
const softmaxOf = (x: number[]) => {
  const top = Math.max(...x);
  const e = x.map((v) => Math.exp(v - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
};
const close = (a: number[], b: number[]) => a.length === b.length && maxDifference(a, b) < TOLERANCE;

// ---------------------------------------------------------------------------------------------
// Exercise 1: the additive score

interface ScoreCase {
  query: number[];
  keys: number[][];
  /** In the equations' layout: W [A][Q], U [A][K], v [A]. */
  W: number[][];
  U: number[][];
  v: number[];
  /** The library's scores for this case. */
  expected: number[];
}

/** A seeded `AdditiveAttention` with Q = 3, K = 4, A = 5 (all different, so a swapped matrix cannot fit) and a random query and keys. */
function scoreCase(random: Random, time: number, seed: number): ScoreCase {
  const [Q, K, A] = [3, 4, 5];
  const attention = new AdditiveAttention({ querySize: Q, keySize: K, attentionSize: A, seed });
  try {
    const draw = () => 2 * random.next() - 1;
    const query = Array.from({ length: Q }, draw);
    const keys = Array.from({ length: time }, () => Array.from({ length: K }, draw));
    const expected = tf.tidy(() => Array.from(attention.score(tf.tensor2d([query]), tf.tensor3d([keys])).dataSync()));
    const W = transpose(attention.weights.W.arraySync() as number[][]);
    const U = transpose(attention.weights.U.arraySync() as number[][]);
    const v = attention.weights.v.arraySync() as number[];
    return { query, keys, W, U, v, expected };
  } finally {
    attention.dispose();
  }
}

const matVec = (m: number[][], x: number[]) => m.map((row) => row.reduce((s, w, j) => s + w * x[j], 0));

/** The score with `squash` in place of tanh (to recognise a forgotten or different nonlinearity). */
function scoresWith(c: ScoreCase, squash: (x: number) => number): number[] {
  const Ws = matVec(c.W, c.query);
  return c.keys.map((h) => matVec(c.U, h).reduce((s, u, a) => s + c.v[a] * squash(Ws[a] + u), 0));
}

function scoreMistake(c: ScoreCase, answer: number[]): string {
  if (close(answer, softmaxOf(c.expected))) return 'It looks like you returned the attention weights softmax(e); this function returns the raw scores e_i, before the softmax.';
  if (close(answer, scoresWith(c, (x) => x))) return 'It looks like tanh is missing: e_i = vᵀ tanh(W s + U h_i), the tanh applied to the sum W s + U h_i before the dot product with v.';
  if (close(answer, scoresWith(c, (x) => 1 / (1 + Math.exp(-x))))) return 'It looks like you used a sigmoid; the hidden layer of the score is tanh.';
  const tanhOfSums = c.keys.map((h) => { const Ws = matVec(c.W, c.query); const Uh = matVec(c.U, h); return c.v.reduce((s, w, a) => s + w * (Ws[a] + Uh[a]), 0); });
  if (close(answer.map(Math.atanh), tanhOfSums)) return 'It looks like tanh was applied after the dot product with v; it belongs inside: vᵀ tanh(W s + U h_i).';
  return 'Hint: for each source position i, compute the vector W s + U h_i (length A), take tanh of each entry, then its dot product with v.';
}

export function checkAdditiveScores(additiveScores: AdditiveScoresFn): string {
  expectFunction(additiveScores, 'additiveScores');
  return runCheck('additiveScores', () => {
    const random = new Random(7001);
    const cases = [scoreCase(random, 1, 71), scoreCase(random, 4, 72), scoreCase(random, 7, 73)];
    for (const c of cases) {
      const describe = () => `additiveScores(query [${c.query.length}], keys [${c.keys.length}][${c.keys[0].length}], W [5][3], U [5][4], v [5])`;
      const answer = callLearner('additiveScores', () => additiveScores([...c.query], copyMatrix(c.keys), copyMatrix(c.W), copyMatrix(c.U), [...c.v]), describe);
      if (!isVector(answer, c.keys.length)) {
        throw new ExerciseError(`additiveScores must return one finite number per source position (${c.keys.length} here); ${describe()} returned ${formatValue(answer)}`);
      }
      if (!close(answer, c.expected)) {
        throw new ExerciseError(
          `${describe()}:\n  expected (AdditiveAttention.score) ${formatValue(c.expected)}\n  got                               ${formatValue(answer)}\n  ${scoreMistake(c, answer)}`,
        );
      }
    }
    return `✓ additiveScores agrees with the library's AdditiveAttention.score on ${cases.length} sources of 1, 4 and 7 positions.`;
  });
}

// ---------------------------------------------------------------------------------------------
// Exercise 2: weights and context vector

interface AttendCase {
  scores: number[];
  keys: number[][];
  mask: number[];
  label: string;
}

function attendCases(): AttendCase[] {
  const random = new Random(7002);
  const draw = (scale: number) => scale * (2 * random.next() - 1);
  const keysOf = (time: number) => Array.from({ length: time }, () => Array.from({ length: 3 }, () => draw(1)));
  return [
    { scores: [0.5, -1, 2, 0.1], keys: keysOf(4), mask: [1, 1, 1, 1], label: 'four real positions' },
    { scores: [1, 3, -2, 2.5, 0.7], keys: keysOf(5), mask: [1, 1, 1, 0, 0], label: 'three real positions and two of padding' },
    { scores: [0.2], keys: keysOf(1), mask: [1], label: 'a single position' },
    { scores: [1000, 1001.5, 999, 1002], keys: keysOf(4), mask: [1, 1, 1, 1], label: 'scores around 1000' },
  ];
}

function expectedAttend(c: AttendCase): { weights: number[]; context: number[] } {
  return tf.tidy(() => {
    const weights = maskedSoftmax(tf.tensor2d([c.scores]), tf.tensor2d([c.mask]));
    const context = contextVector(weights, tf.tensor3d([c.keys]));
    return { weights: Array.from(weights.dataSync()), context: Array.from(context.dataSync()) };
  });
}

function weightsMistake(c: AttendCase, weights: number[]): string {
  if (close(weights, softmaxOf(c.scores))) return 'It looks like the mask is ignored: padded positions (mask 0) must get weight exactly 0, and the softmax runs over the real positions only.';
  if (close(weights, c.scores.map((s, i) => c.mask[i] * Math.exp(s)))) return 'It looks like the weights are not normalised: divide each exp(e_i) by the sum over the real positions.';
  if (close(weights, softmaxOf(c.scores).map((w, i) => w * c.mask[i]))) return 'It looks like the padded positions were zeroed after a softmax over all positions; then the weights no longer sum to 1. Leave padding out of the sum.';
  if (weights.some((w) => !Number.isFinite(w))) return 'exp of scores this large overflows to Infinity; subtract the largest real score from every score before exponentiating (the softmax does not change).';
  return 'Hint: α_i = exp(e_i) / Σ_{j real} exp(e_j) on real positions, 0 on padding.';
}

export function checkAttend(attend: AttendFn): string {
  expectFunction(attend, 'attend');
  return runCheck('attend', () => {
    const cases = attendCases();
    for (const c of cases) {
      const describe = () => `attend([${c.scores.join(', ')}], keys, [${c.mask.join(', ')}]) (${c.label})`;
      const answer = callLearner('attend', () => attend([...c.scores], copyMatrix(c.keys), [...c.mask]), describe);
      if (answer === null || typeof answer !== 'object') throw new ExerciseError(`attend must return { weights, context }; ${describe()} returned ${formatValue(answer)}`);
      const { weights, context } = answer;
      const expected = expectedAttend(c);
      if (!Array.isArray(weights) || weights.length !== c.scores.length || !weights.every((w) => typeof w === 'number')) {
        throw new ExerciseError(`attend's weights must hold one number per source position (${c.scores.length}); ${describe()} gave ${formatValue(weights)}`);
      }
      if (!close(weights, expected.weights)) {
        throw new ExerciseError(`${describe()}:\n  expected weights ${formatValue(expected.weights)}\n  got              ${formatValue(weights)}\n  ${weightsMistake(c, weights)}`);
      }
      if (!isVector(context, expected.context.length)) {
        throw new ExerciseError(`attend's context must be a vector of ${expected.context.length} numbers, the size of each key h_i; ${describe()} gave ${formatValue(context)}`);
      }
      if (!close(context, expected.context)) {
        const sumOfKeys = c.keys[0].map((_, k) => c.keys.reduce((s, h, i) => s + c.mask[i] * h[k], 0));
        const hint = close(context, sumOfKeys)
          ? 'It looks like the keys were added up without their weights; c = Σ_i α_i h_i.'
          : 'Hint: c = Σ_i α_i h_i, one number per component of the keys (each key has the same length as c).';
        throw new ExerciseError(`${describe()}: the weights are right, but\n  expected context ${formatValue(expected.context)}\n  got              ${formatValue(context)}\n  ${hint}`);
      }
    }
    return `✓ attend agrees with the library's maskedSoftmax and contextVector on ${cases.length} cases: all real, padded, a single position, and scores around 1000.`;
  });
}

// ---------------------------------------------------------------------------------------------
// Exercise 3: teacher forcing

const START = 2;
const END = 3;

function forcingMistake(target: number[], inputs: number[], outputs: number[]): string {
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (same(outputs, target)) return `The outputs lack the end token: the decoder must also learn when to stop, so its last target is <eos> (${END}).`;
  if (same(inputs, [START, ...target, END])) return 'The inputs should not contain the end token: after reading y_T the decoder predicts <eos>, and nothing is fed after that.';
  if (same(inputs, target)) return `The inputs lack the start token: the decoder's first input is <bos> (${START}), from which it predicts y_1.`;
  if (same(inputs, outputs)) return 'Inputs and outputs are the same sequence: at step t the decoder reads y_{t-1} and predicts y_t, so the outputs are the inputs shifted one step to the left.';
  return `Hint: inputs = <bos> y_1 … y_T, outputs = y_1 … y_T <eos>, both of length T + 1.`;
}

export function checkTeacherForcing(teacherForcing: TeacherForcingFn): string {
  expectFunction(teacherForcing, 'teacherForcing');
  return runCheck('teacherForcing', () => {
    const targets = [[7, 5, 9], [11], [4, 4, 8, 12, 6, 10]];
    for (const target of targets) {
      const describe = () => `teacherForcing([${target.join(', ')}], ${START}, ${END})`;
      const answer = callLearner('teacherForcing', () => teacherForcing([...target], START, END), describe);
      if (answer === null || typeof answer !== 'object' || !Array.isArray(answer.inputs) || !Array.isArray(answer.outputs)) {
        throw new ExerciseError(`teacherForcing must return { inputs, outputs }, two arrays of token ids; ${describe()} returned ${formatValue(answer)}`);
      }
      const batch = seq2seqBatch([{ source: [1], target }], { startToken: START, endToken: END });
      const inputs = Array.from(batch.targetInputs.dataSync());
      const outputs = Array.from(batch.targetOutputs.dataSync());
      disposeSeq2seqBatch(batch);
      const same = (a: unknown[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
      if (!same(answer.inputs, inputs) || !same(answer.outputs, outputs)) {
        throw new ExerciseError(
          `${describe()}:\n  expected inputs ${formatValue(inputs)}, outputs ${formatValue(outputs)}\n  got      inputs ${formatValue(answer.inputs)}, outputs ${formatValue(answer.outputs)}\n  ${forcingMistake(target, answer.inputs as number[], answer.outputs as number[])}`,
        );
      }
    }
    return `✓ teacherForcing builds the same decoder inputs and outputs as the library's seq2seqBatch for ${targets.length} targets.`;
  });
}
