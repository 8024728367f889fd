/**
 * Checks for the exercises of lesson 1 (sequences and the Elman RNN):
 *   checkElmanStep(elmanStep)   h_t = tanh(W_hh h_{t-1} + W_xh x_t + b) with plain arrays
 *   checkUnroll(unroll)         [h_1 … h_T] from any step function
 *   checkPatterns(answers)      which usage pattern fits which task
 * Each returns a line (✓ or "not attempted yet") or throws an `ExerciseError` explaining the mistake.
 */
import { tf } from '../tf';
import { Random } from '../core/random';
import { ElmanCell } from '../cells/elman';
import { callLearner, describeShape, ExerciseError, expectFunction, formatValue, isVector, maxDifference, runCheck, wrapMessage } from './checking';

/** The learner's Elman step, lecture convention: `W_xh` is `[H][I]`, `W_hh` is `[H][H]`. */
export type ElmanStepFn = (x: number[], hPrev: number[], W_xh: number[][], W_hh: number[][], b: number[]) => number[];

/** Float32 (the library) against float64 (plain arrays): agreement to this is exact for our purpose. */
const TOLERANCE = 1e-4;

interface StepCase {
  x: number[];
  hPrev: number[];
  W_xh: number[][];
  W_hh: number[][];
  b: number[];
}

const uniform = (random: Random, scale: number) => scale * (2 * random.next() - 1);
const vector = (random: Random, n: number, scale: number) => Array.from({ length: n }, () => uniform(random, scale));
const matrix = (random: Random, rows: number, cols: number, scale: number) => Array.from({ length: rows }, () => vector(random, cols, scale));
const transpose = (m: number[][]) => m[0].map((_, j) => m.map((row) => row[j]));
const matVec = (m: number[][], v: number[]) => m.map((row) => row.reduce((sum, w, j) => sum + w * v[j], 0));
const add = (...vs: number[][]) => vs[0].map((_, i) => vs.reduce((sum, v) => sum + v[i], 0));

/** h_t from the library's ElmanCell with these weights (stored transposed, as the cell multiplies rows). */
function libraryStep(c: StepCase): number[] {
  const cell = new ElmanCell({ inputSize: c.x.length, hiddenSize: c.hPrev.length, seed: 1 });
  try {
    return tf.tidy(() => {
      cell.weights.kernel.assign(tf.tensor2d(transpose(c.W_xh)));
      cell.weights.recurrentKernel.assign(tf.tensor2d(transpose(c.W_hh)));
      cell.weights.bias.assign(tf.tensor1d(c.b));
      return Array.from(cell.step(tf.tensor2d([c.x]), [tf.tensor2d([c.hPrev])]).output.dataSync());
    });
  } finally {
    cell.dispose();
  }
}

/** Common mistakes, each as the value it would produce; the first one matching the learner's answer is reported. */
function likelyMistake(c: StepCase, answer: number[]): string | undefined {
  const z = add(matVec(c.W_hh, c.hPrev), matVec(c.W_xh, c.x), c.b);
  const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
  const candidates: [string, number[]][] = [
    ['you returned the pre-activation z = W_hh h + W_xh x + b; apply tanh to it', z],
    ['you used the logistic sigmoid; the Elman cell here uses tanh', z.map(sigmoid)],
    ['you used relu; the Elman cell here uses tanh', z.map((v) => Math.max(0, v))],
    ['the bias b is missing', add(matVec(c.W_hh, c.hPrev), matVec(c.W_xh, c.x)).map(Math.tanh)],
    ['the recurrent term W_hh h_{t-1} is missing: the previous state must enter the step', add(matVec(c.W_xh, c.x), c.b).map(Math.tanh)],
    ['the input term W_xh x_t is missing', add(matVec(c.W_hh, c.hPrev), c.b).map(Math.tanh)],
    ['you multiplied by W_hh transposed (h · W_hh instead of W_hh · h); row i of W_hh holds the weights into unit i', add(matVec(transpose(c.W_hh), c.hPrev), matVec(c.W_xh, c.x), c.b).map(Math.tanh)],
  ];
  return candidates.find(([, value]) => maxDifference(value, answer) < TOLERANCE)?.[0];
}

function makeCases(): StepCase[] {
  const random = new Random(20240101);
  const shapes: [number, number][] = [[3, 4], [2, 5], [5, 3], [1, 1], [4, 4]];
  const cases = shapes.map(([inputs, hidden]) => ({
    x: vector(random, inputs, 1),
    hPrev: vector(random, hidden, 0.9),
    W_xh: matrix(random, hidden, inputs, 0.8),
    W_hh: matrix(random, hidden, hidden, 0.8),
    b: vector(random, hidden, 0.5),
  }));
  // h_0 = 0: the very first step of every sequence.
  cases.push({ ...cases[0], hPrev: cases[0].hPrev.map(() => 0) });
  return cases;
}

const deepCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export function checkElmanStep(elmanStep: ElmanStepFn): string {
  expectFunction(elmanStep, 'elmanStep');
  return runCheck('elmanStep', () => {
    const cases = makeCases();
    for (const c of cases) {
      const shape = `x: ${c.x.length} numbers, hPrev: ${c.hPrev.length}, W_xh: ${c.W_xh.length}×${c.x.length}, W_hh: ${c.hPrev.length}×${c.hPrev.length}`;
      const given = deepCopy(c);
      const answer = callLearner('elmanStep', () => elmanStep(given.x, given.hPrev, given.W_xh, given.W_hh, given.b), () => `elmanStep(x, hPrev, W_xh, W_hh, b) with ${shape}`);
      if (maxDifference([given.x, given.hPrev, given.b, ...given.W_xh, ...given.W_hh].flat(), [c.x, c.hPrev, c.b, ...c.W_xh, ...c.W_hh].flat()) !== 0) {
        throw new ExerciseError('elmanStep changed one of its arguments; compute a new array for h_t and leave x, hPrev and the weights as they were');
      }
      if (!isVector(answer, c.hPrev.length)) {
        throw new ExerciseError(`elmanStep must return h_t, an array of ${c.hPrev.length} numbers (one per state unit); got ${describeShape(answer)} (${shape})`);
      }
      const expected = libraryStep(c);
      const gap = maxDifference(answer, expected);
      if (gap > TOLERANCE) {
        const why = likelyMistake(c, answer);
        throw new ExerciseError(
          `elmanStep disagrees with ElmanCell (${shape}):\n  expected ${formatValue(expected)}\n  got      ${formatValue(answer)}` +
            (why ? `\n  It looks like ${why}.` : '\n  Check h_t = tanh(W_hh · hPrev + W_xh · x + b), each product a matrix times a column vector.'),
        );
      }
    }
    return `✓ elmanStep matches the library's ElmanCell on ${cases.length} random cases (to ${TOLERANCE}), including h_0 = 0 and input size ≠ state size.`;
  });
}

/** The learner's unroll: applies `step` from `h0` over `xs`, returns h_1 … h_T. */
export type UnrollFn = (step: (h: number[], x: number[]) => number[], h0: number[], xs: number[][]) => number[][];

export function checkUnroll(unroll: UnrollFn): string {
  expectFunction(unroll, 'unroll');
  return runCheck('unroll', () => {
    // A state of 2 numbers and inputs of 3 numbers, so a step called with its arguments swapped is caught.
    let calls = 0;
    const step = (h: number[], x: number[]): number[] => {
      calls++;
      if (!isVector(h, 2) || !isVector(x, 3)) {
        throw new ExerciseError(`step(h, x) was called with h = ${formatValue(h)} and x = ${formatValue(x)}; the state (2 numbers here) comes first, then the input (3 numbers)`);
      }
      // An Elman-like step with fixed weights: h' = tanh(A h + B x).
      return [Math.tanh(0.5 * h[0] - 0.3 * h[1] + x[0] - x[2]), Math.tanh(0.2 * h[0] + 0.9 * h[1] + 0.5 * x[1])];
    };
    const h0 = [0.1, -0.2];
    const xs = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.5, -0.5, 0.25], [-1, 1, 2]];
    const expected: number[][] = [];
    let h = h0;
    for (const x of xs) expected.push((h = step(h, x)));
    calls = 0;

    const describe = () => 'unroll(step, [0.1, -0.2], xs) with 5 inputs';
    const answer = callLearner('unroll', () => unroll(step, [...h0], xs.map((x) => [...x])), describe);
    if (!Array.isArray(answer)) throw new ExerciseError(`unroll must return an array of states [h_1, …, h_T]; got ${describeShape(answer)}`);
    if (answer.length === xs.length + 1 && isVector(answer[0], 2) && maxDifference(answer[0], h0) === 0) {
      throw new ExerciseError(`unroll returned ${answer.length} states starting with h_0; return h_1 … h_T only (one state per input, ${xs.length} here)`);
    }
    if (answer.length !== xs.length || !answer.every((s) => isVector(s, 2))) {
      throw new ExerciseError(`unroll must return one state (2 numbers here) per input, ${xs.length} in all; got ${describeShape(answer)}`);
    }
    if (calls !== xs.length) throw new ExerciseError(`unroll called step ${calls} times for ${xs.length} inputs; call it exactly once per input`);
    if (maxDifference(answer, expected) > 1e-12) {
      const fromH0 = xs.map((x) => step(h0, x));
      const why = maxDifference(answer, fromH0) < 1e-12
        ? 'every state was computed from h0; each step must start from the state the previous step returned'
        : maxDifference(answer, [...expected].reverse()) < 1e-12
          ? 'the states come out in reverse order; h_1 (after the first input) comes first'
          : 'compare with: let h = h0; for each x: h = step(h, x), and collect every h';
      throw new ExerciseError(`unroll's states differ from step applied in turn:\n  expected ${formatValue(expected)}\n  got      ${formatValue(answer)}\n  ${why}`);
    }
    const empty = callLearner('unroll', () => unroll(step, [...h0], []), () => 'unroll(step, [0.1, -0.2], []) (no inputs)');
    if (!Array.isArray(empty) || empty.length !== 0) throw new ExerciseError(`with no inputs there are no states to return; unroll(step, h0, []) should give [], got ${formatValue(empty)}`);
    const counter = callLearner('unroll', () => unroll((c, x) => [c[0] + x[0]], [0], [[1], [1], [1], [1]]), () => 'unroll((h, x) => [h[0] + x[0]], [0], [[1], [1], [1], [1]])');
    if (maxDifference(counter as number[][], [[1], [2], [3], [4]]) !== 0 || counter.length !== 4) {
      throw new ExerciseError(`with a counting step h' = h + x from h0 = [0] over four inputs [1], unroll should give [[1], [2], [3], [4]]; got ${formatValue(counter)}`);
    }
    return '✓ unroll threads the state through every step, returns h_1 … h_T in order, and handles an empty sequence.';
  });
}

export const usagePatterns = ['one-to-one', 'one-to-many', 'many-to-one', 'many-to-many (same length)', 'many-to-many (different lengths)'] as const;
export type UsagePattern = (typeof usagePatterns)[number];

/** The tasks of the notebook's quiz, their patterns and why. */
const patternKey: Record<string, [UsagePattern, string]> = {
  'spam filtering of an email': ['many-to-one', 'the whole email is read, then one label (spam or not) comes out, like sentiment classification'],
  'part-of-speech tagging of a sentence': ['many-to-many (same length)', 'every word gets exactly one tag, so there is one output per input'],
  'generating a melody from a chosen first note': ['one-to-many', 'a single input (the first note) starts a whole sequence of outputs'],
  'translating English into German': ['many-to-many (different lengths)', 'sentence lengths differ and words do not align one to one: an encoder reads, a decoder writes'],
  'classifying a photo as cat or dog': ['one-to-one', 'one fixed-size input, one label: no sequence on either side'],
  'speech recognition: audio frames in, words out': ['many-to-many (different lengths)', 'there are far more audio frames than words, with no one-to-one alignment'],
};

/** Reads a free-form answer ("many to many, same length", "Many-to-one") as one of the five patterns. */
function normalisePattern(answer: string): UsagePattern | undefined {
  const text = answer.toLowerCase().replace(/[^a-z]+/g, ' ').trim();
  if (/^one to one\b/.test(text)) return 'one-to-one';
  if (/^one to many\b/.test(text)) return 'one-to-many';
  if (/^many to one\b/.test(text)) return 'many-to-one';
  if (/^many to many\b/.test(text)) {
    if (/\bsame\b|\bequal\b/.test(text)) return 'many-to-many (same length)';
    if (/\bdifferent\b|\bunequal\b/.test(text)) return 'many-to-many (different lengths)';
  }
  return undefined;
}

export function checkPatterns(answers: Record<string, string>): string {
  if (answers === null || typeof answers !== 'object') throw new ExerciseError(`expected the patterns object from the exercise cell; got ${String(answers)}`);
  const tasks = Object.keys(patternKey);
  const missing = tasks.filter((task) => !(task in answers));
  if (missing.length > 0) throw new ExerciseError(`keep the tasks' names as they are in the exercise cell; missing: ${missing.map((t) => `"${t}"`).join(', ')}`);
  const unanswered = tasks.filter((task) => typeof answers[task] !== 'string' || answers[task].includes('your answer here'));
  if (unanswered.length === tasks.length) return wrapMessage(`not attempted yet: every task still says "your answer here". Write one of ${usagePatterns.map((p) => `"${p}"`).join(', ')} for each, then run this cell again.`);
  const problems: string[] = unanswered.map((task) => `"${task}": not answered yet`);
  for (const task of tasks) {
    if (unanswered.includes(task)) continue;
    const given = normalisePattern(answers[task]);
    const [expected, why] = patternKey[task];
    if (given === undefined) problems.push(`"${task}": "${answers[task]}" is not one of ${usagePatterns.map((p) => `"${p}"`).join(', ')}`);
    else if (given !== expected) problems.push(`"${task}": you said ${given}, but it is ${expected}: ${why}`);
  }
  if (problems.length > 0) throw new ExerciseError(`${problems.length} of ${tasks.length} answers need another look:\n  ${problems.join('\n  ')}`);
  return `✓ all ${tasks.length} tasks matched to their usage pattern.`;
}
