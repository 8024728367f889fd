/**
 * Checks for the exercises of lesson 6 (classifying sequences):
 *   checkMaskedMeanPool(maskedMeanPool)       the mean of the real states of each sequence
 *   checkAttentionWeights(attentionWeights)   α_t = softmax over the real steps of w_αᵀ h_t
 * Answers are compared with the library's `meanPool` and `AttentionPooling`. Each returns a line
 * (✓ or "not attempted yet") or throws an `ExerciseError` explaining the mistake.
 */
import { tf } from '../tf';
import { Random } from '../core/random';
import { meanPool } from '../pooling/meanMaxPool';
import { AttentionPooling } from '../pooling/attentionPooling';
import { callLearner, describeShape, ExerciseError, expectFunction, formatValue, isMatrix, isVector, maxDifference, runCheck } from './checking';

export type MaskedMeanPoolFn = (states: number[][][], mask: number[][]) => number[][];
export type AttentionWeightsFn = (states: number[][], w: number[], mask: number[]) => number[];

/** Float32 (the library) against float64 (plain arrays). */
const TOLERANCE = 1e-4;

const draw = (random: Random, scale: number) => scale * (2 * random.next() - 1);
const vector = (random: Random, n: number, scale: number) => Array.from({ length: n }, () => draw(random, scale));
const deepCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const sum = (v: readonly number[]) => v.reduce((a, b) => a + b, 0);

/** Right-padded masks with these real lengths over `time` steps. */
const masksFor = (lengths: readonly number[], time: number) => lengths.map((n) => Array.from({ length: time }, (_, t) => (t < n ? 1 : 0)));

// ---------------------------------------------------------------------------------------------
// masked mean pooling

interface PoolCase {
  states: number[][][];
  mask: number[][];
}

/** Padded steps hold non-zero states, so a sum that includes them is caught. */
function poolCases(): PoolCase[] {
  const random = new Random(6001);
  const shapes: [number[], number, number][] = [[[5, 3, 1], 5, 4], [[2, 6], 6, 3], [[4, 0, 2], 4, 2], [[1], 1, 5]];
  return shapes.map(([lengths, time, hidden]) => ({
    states: lengths.map(() => Array.from({ length: time }, () => vector(random, hidden, 2))),
    mask: masksFor(lengths, time),
  }));
}

function libraryMean(c: PoolCase): number[][] {
  return tf.tidy(() => meanPool(tf.tensor3d(c.states), tf.tensor2d(c.mask)).arraySync() as number[][]);
}

function meanMistake(c: PoolCase, answer: number[][]): string {
  const realCount = (b: number) => sum(c.mask[b]);
  const column = (b: number, k: number, real: boolean) => c.states[b].map((h, t) => (real && !c.mask[b][t] ? 0 : h[k]));
  const candidates: [string, number[][]][] = [
    ['the padded states entered the mean; only steps with mask 1 count', c.states.map((rows) => rows[0].map((_, k) => sum(rows.map((h) => h[k])) / rows.length))],
    ['you divided by the padded length T; divide by the number of real steps (the sum of the mask row)', c.states.map((rows, b) => rows[0].map((_, k) => sum(column(b, k, true)) / rows.length))],
    ['you returned the sum of the real states; divide it by their number', c.states.map((rows, b) => rows[0].map((_, k) => sum(column(b, k, true))))],
  ];
  const match = candidates.find(([, value]) => isMatrix(value, answer.length, answer[0]?.length ?? 0) && maxDifference(value, answer) < TOLERANCE);
  if (match) return `It looks like ${match[0]}.`;
  if (c.mask.some((_row, b) => realCount(b) === 0 && answer[b].some((v) => !Number.isFinite(v)))) {
    return 'A sequence with no real step must give a vector of zeros; dividing by its count of 0 gives NaN.';
  }
  return 'Hint: for each sequence b and feature k, add states[b][t][k] over the steps with mask[b][t] = 1, then divide by how many there are.';
}

export function checkMaskedMeanPool(maskedMeanPool: MaskedMeanPoolFn): string {
  expectFunction(maskedMeanPool, 'maskedMeanPool');
  return runCheck('maskedMeanPool', () => {
    const cases = poolCases();
    for (const c of cases) {
      const [batch, time, hidden] = [c.states.length, c.states[0].length, c.states[0][0].length];
      const shape = `${batch} sequences of ${time} steps of ${hidden} numbers, real lengths ${c.mask.map((row) => sum(row)).join(', ')}`;
      const given = deepCopy(c);
      const answer = callLearner('maskedMeanPool', () => maskedMeanPool(given.states, given.mask), () => `maskedMeanPool(states, mask) with ${shape}`);
      if (maxDifference(given.states.flat(), c.states.flat()) !== 0 || maxDifference(given.mask, c.mask) !== 0) {
        throw new ExerciseError('maskedMeanPool changed its arguments; build new arrays for the result and leave states and mask as they were');
      }
      if (!Array.isArray(answer) || answer.length !== batch || !answer.every((row) => Array.isArray(row) && row.length === hidden)) {
        throw new ExerciseError(`maskedMeanPool must return one vector of ${hidden} numbers per sequence, ${batch} in all (${shape}); got ${describeShape(answer)}`);
      }
      const expected = libraryMean(c);
      const finite = answer.every((row) => isVector(row, hidden));
      if (!finite || maxDifference(answer, expected) > TOLERANCE) {
        throw new ExerciseError(
          `maskedMeanPool disagrees with the library's meanPool (${shape}):\n  expected ${formatValue(expected)}\n  got      ${formatValue(answer)}\n  ${meanMistake(c, answer)}`,
        );
      }
    }
    return `✓ maskedMeanPool matches the library's meanPool on ${cases.length} batches, with non-zero padding, different lengths and a sequence with no real step.`;
  });
}

// ---------------------------------------------------------------------------------------------
// attention-pooling weights

interface AttentionCase {
  states: number[][];
  w: number[];
  mask: number[];
  /** Scores in the thousands: compared with a float64 reference, since float32 scores lose digits there. */
  large: boolean;
}

function attentionCases(): AttentionCase[] {
  const random = new Random(6002);
  const make = (length: number, time: number, hidden: number, scale: number, large = false): AttentionCase => ({
    states: Array.from({ length: time }, () => vector(random, hidden, scale)),
    w: vector(random, hidden, 1),
    mask: masksFor([length], time)[0],
    large,
  });
  return [make(6, 6, 4, 1.5), make(3, 7, 3, 2), make(1, 4, 5, 1), make(5, 8, 2, 1), make(4, 6, 3, 1500, true)];
}

/** α from the library's AttentionPooling with w_α set to `w`. */
function libraryWeights(c: AttentionCase): number[] {
  const pooling = new AttentionPooling({ hiddenSize: c.w.length, seed: 1 });
  try {
    return tf.tidy(() => {
      pooling.weights.w.assign(tf.tensor1d(c.w));
      return Array.from(pooling.forward(tf.tensor3d([c.states]), tf.tensor2d([c.mask])).weights.dataSync());
    });
  } finally {
    pooling.dispose();
  }
}

/** α in float64, with the largest real score subtracted before exp. */
function exactWeights(c: AttentionCase): number[] {
  const scores = c.states.map((h) => sum(h.map((v, k) => v * c.w[k])));
  const top = Math.max(...scores.filter((_, t) => c.mask[t]));
  const e = scores.map((s, t) => (c.mask[t] ? Math.exp(s - top) : 0));
  const total = sum(e);
  return e.map((v) => v / total);
}

function attentionMistake(c: AttentionCase, answer: number[]): string {
  const scores = c.states.map((h) => sum(h.map((v, k) => v * c.w[k])));
  const everywhere = exactWeights({ ...c, mask: c.mask.map(() => 1) });
  const close = (value: number[]) => maxDifference(value, answer) < TOLERANCE;
  if (answer.some((v) => !Number.isFinite(v))) return 'Some weights are not finite: exp of scores this large overflows. Subtract the largest real score from every score before exponentiating; the softmax does not change.';
  if (close(scores)) return 'It looks like you returned the scores w_αᵀ h_t; the weights are their softmax.';
  if (close(everywhere)) return 'It looks like the padded steps took part in the softmax; they must get weight exactly 0, and the real steps share all of it.';
  if (close(everywhere.map((v, t) => v * c.mask[t]))) return 'It looks like you zeroed the padding after a softmax over all steps; then the real weights no longer sum to 1. Take the softmax over the real steps only.';
  if (Math.abs(sum(answer) - 1) > TOLERANCE) return `Your weights sum to ${formatValue(sum(answer))}; attention weights over the real steps sum to 1.`;
  return 'Hint: score each real step s_t = Σ_k w[k]·h_t[k], then α_t = exp(s_t − max s) / Σ_real exp(s_j − max s), and 0 on padding.';
}

export function checkAttentionWeights(attentionWeights: AttentionWeightsFn): string {
  expectFunction(attentionWeights, 'attentionWeights');
  return runCheck('attentionWeights', () => {
    const cases = attentionCases();
    for (const c of cases) {
      const time = c.states.length;
      const shape = `${time} steps (${sum(c.mask)} real) of ${c.w.length} numbers${c.large ? ', scores in the thousands' : ''}`;
      const given = deepCopy(c);
      const answer = callLearner('attentionWeights', () => attentionWeights(given.states, given.w, given.mask), () => `attentionWeights(states, w, mask) with ${shape}`);
      if (maxDifference(given.states, c.states) !== 0 || maxDifference(given.w, c.w) !== 0 || maxDifference(given.mask, c.mask) !== 0) {
        throw new ExerciseError('attentionWeights changed its arguments; build a new array for α and leave states, w and mask as they were');
      }
      if (!Array.isArray(answer) || answer.length !== time || !answer.every((v) => typeof v === 'number')) {
        throw new ExerciseError(`attentionWeights must return one weight per step, ${time} numbers (${shape}); got ${describeShape(answer)}`);
      }
      const expected = c.large ? exactWeights(c) : libraryWeights(c);
      if (!isVector(answer, time) || maxDifference(answer, expected) > TOLERANCE) {
        throw new ExerciseError(
          `attentionWeights disagrees with ${c.large ? 'the exact softmax' : "the library's AttentionPooling"} (${shape}):\n  expected ${formatValue(expected)}\n  got      ${formatValue(answer)}\n  ${attentionMistake(c, answer)}`,
        );
      }
    }
    return `✓ attentionWeights matches AttentionPooling on ${cases.length} sequences: padding gets 0, the real weights sum to 1, and scores in the thousands do not overflow.`;
  });
}
