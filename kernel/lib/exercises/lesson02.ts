/**
 * Checks for the exercises of lesson 2 (backpropagation through time, vanishing and exploding gradients):
 *   checkLinearJacobian(linearJacobian)    ∂h_T/∂h_{T−lag} = W^lag for h_t = W h_{t−1} + U x_t + b
 *   checkTanhJacobian(tanhJacobian)        Π_{k=t+1..T} Diag(1 − tanh²(z_k)) W, latest step on the left
 *   checkClipByGlobalNorm(clip)            g ← g · min(1, c / ‖g‖) over all gradients together
 * The references are the library's own: `stateJacobians` of an `ElmanCell` holding the learner's
 * matrix, and `clipByGlobalNorm` on tensors. Each check returns a line (✓ or "not attempted yet")
 * or throws an `ExerciseError` explaining the mistake.
 */
import { tf } from '../tf';
import { Random } from '../core/random';
import { ElmanCell, type ElmanActivation } from '../cells/elman';
import { RNN } from '../layers/sequence';
import { stateJacobians } from '../analysis/jacobians';
import { clipByGlobalNorm } from '../train/optimizers';
import { callLearner, describeShape, ExerciseError, expectFunction, formatValue, isMatrix, isVector, maxDifference, runCheck } from './checking';

export type LinearJacobianFn = (W: number[][], lag: number) => number[][];
export type TanhJacobianFn = (W: number[][], preactivations: number[][]) => number[][];
export type ClipFn = (gradients: number[][], maxNorm: number) => number[][];

const uniform = (random: Random, scale: number) => scale * (2 * random.next() - 1);
const matrix = (random: Random, rows: number, cols: number, scale: number) =>
  Array.from({ length: rows }, () => Array.from({ length: cols }, () => uniform(random, scale)));
const transpose = (m: number[][]) => m[0].map((_, j) => m.map((row) => row[j]));
const identity = (n: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
const matMul = (a: number[][], b: number[][]) => a.map((row) => b[0].map((_, j) => row.reduce((sum, v, k) => sum + v * b[k][j], 0)));
const scaleRows = (d: number[], m: number[][]) => m.map((row, i) => row.map((v) => d[i] * v));
const power = (W: number[][], n: number) => Array.from({ length: n }, () => W).reduce(matMul, identity(W.length));
const deepCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Agreement of the learner's float64 with the library's float32, relative to the size of the entries. */
function close(a: number[][], b: number[][]): boolean {
  const scale = Math.max(1, ...b.flat().map(Math.abs));
  return maxDifference(a, b) <= 1e-4 * scale;
}

/**
 * The library's Jacobians ∂h_T/∂h_t (t = 0..T) of an Elman cell whose recurrent matrix is `W`
 * (lecture convention; the cell stores Wᵀ), with its pre-activations z_1..z_T.
 */
function libraryJacobians(W: number[][], activation: ElmanActivation, inputs: number[][], seed: number): { jacobians: number[][][]; preactivations: number[][] } {
  const cell = new ElmanCell({ inputSize: inputs[0].length, hiddenSize: W.length, activation, seed });
  try {
    tf.tidy(() => {
      cell.weights.recurrentKernel.assign(tf.tensor2d(transpose(W)));
      cell.weights.bias.assign(tf.randomUniform([W.length], -0.3, 0.3, 'float32', seed));
    });
    const x = tf.tensor2d(inputs);
    try {
      const preactivations = tf.tidy(() => {
        const { internals } = new RNN(cell, { fused: false }).apply(tf.expandDims(x, 0) as tf.Tensor3D, { internals: true });
        return tf.concat((internals ?? []).map((step) => step.preactivation), 0).arraySync() as number[][];
      });
      return { jacobians: stateJacobians(cell, x).jacobians, preactivations };
    } finally {
      x.dispose();
    }
  } finally {
    cell.dispose();
  }
}

export function checkLinearJacobian(linearJacobian: LinearJacobianFn): string {
  expectFunction(linearJacobian, 'linearJacobian');
  return runCheck('linearJacobian', () => {
    const random = new Random(7);
    const cases: { W: number[][]; lag: number }[] = [
      { W: matrix(random, 3, 3, 0.8), lag: 4 },
      { W: matrix(random, 4, 4, 0.7), lag: 1 },
      { W: matrix(random, 2, 2, 1.2), lag: 7 },
      { W: matrix(random, 3, 3, 0.9), lag: 0 },
    ];
    for (const { W, lag } of cases) {
      const n = W.length;
      const given = deepCopy(W);
      const answer = callLearner('linearJacobian', () => linearJacobian(given, lag), () => `linearJacobian(W, ${lag}) with a ${n}×${n} W`);
      if (maxDifference(given, W) !== 0) throw new ExerciseError('linearJacobian changed W; build new arrays for the result and leave W as it was');
      if (!isMatrix(answer, n, n)) throw new ExerciseError(`linearJacobian(W, ${lag}) must return a ${n}×${n} matrix (an array of ${n} rows of ${n} numbers); got ${describeShape(answer)}`);
      // The reference: stateJacobians of a linear Elman cell holding W, over `lag` steps of random inputs.
      const inputs = lag === 0 ? [[0]] : matrix(random, lag, 1, 1);
      const { jacobians } = libraryJacobians(W, 'identity', inputs, 11);
      const expected = lag === 0 ? jacobians[1] : jacobians[0];
      if (close(answer, expected)) continue;
      const why =
        lag === 0 && close(answer, W) ? 'with lag 0 no step lies between the two states: ∂h_T/∂h_T is the identity matrix'
        : close(answer, power(transpose(W), lag)) ? 'you multiplied by Wᵀ instead of W: the Jacobian ∂h_t/∂h_{t−1} of h_t = W h_{t−1} + … is W itself'
        : lag > 0 && close(answer, power(W, lag - 1)) ? `that is W^${lag - 1}: one factor too few (there are ${lag} steps between the states, one W each)`
        : close(answer, power(W, lag + 1)) ? `that is W^${lag + 1}: one factor too many`
        : close(answer, W.map((row) => row.map((v) => v ** lag))) ? 'you raised each entry to the power; the product of Jacobians is a matrix product W · W · … · W'
        : close(answer, W.map((row) => row.map((v) => v * lag))) ? 'you multiplied W by the lag; the product of Jacobians is the matrix power W^lag'
        : `expected W^${lag}, the matrix product of ${lag} copies of W`;
      throw new ExerciseError(`linearJacobian(W, ${lag}) disagrees with stateJacobians:\n  expected ${formatValue(expected)}\n  got      ${formatValue(answer)}\n  It looks like ${why}.`);
    }
    return `✓ linearJacobian matches stateJacobians of a linear ElmanCell for ${cases.length} matrices and lags 0, 1, 4 and 7.`;
  });
}

export function checkTanhJacobian(tanhJacobian: TanhJacobianFn): string {
  expectFunction(tanhJacobian, 'tanhJacobian');
  return runCheck('tanhJacobian', () => {
    const random = new Random(13);
    const hidden = 4;
    const W = matrix(random, hidden, hidden, 0.9);
    const inputs = matrix(random, 6, 2, 1);
    const { jacobians, preactivations } = libraryJacobians(W, 'tanh', inputs, 17);
    const T = inputs.length;
    for (const t of [3, 0, 5, T]) {
      const zs = preactivations.slice(t); // z_{t+1} … z_T
      const expected = jacobians[t];
      const given = deepCopy(zs);
      const answer = callLearner('tanhJacobian', () => tanhJacobian(deepCopy(W), given), () => `tanhJacobian(W, preactivations) with a ${hidden}×${hidden} W and ${zs.length} pre-activations`);
      if (maxDifference(given.flat(), zs.flat()) !== 0) throw new ExerciseError('tanhJacobian changed the pre-activations it was given; leave its arguments as they were');
      if (!isMatrix(answer, hidden, hidden)) {
        throw new ExerciseError(`tanhJacobian must return a ${hidden}×${hidden} matrix; got ${describeShape(answer)} for ${zs.length} pre-activations`);
      }
      if (close(answer, expected)) continue;
      const derivative = (z: number[]) => z.map((v) => 1 - Math.tanh(v) ** 2);
      const product = (factor: (z: number[]) => number[][], order: 'latest-left' | 'earliest-left') => {
        const factors = zs.map(factor);
        const ordered = order === 'latest-left' ? [...factors].reverse() : factors;
        return ordered.reduce(matMul, identity(hidden));
      };
      const why =
        zs.length === 0 && !close(answer, identity(hidden)) ? 'with no steps between the states the Jacobian is the identity matrix'
        : close(answer, product((z) => scaleRows(derivative(z), W), 'earliest-left')) ? 'the factors are in the wrong order: the latest step, Diag(g′(z_T)) W, goes on the left'
        : close(answer, product((z) => scaleRows(z.map(Math.tanh), W), 'latest-left')) ? 'you used tanh(z) for the derivative; d tanh(z)/dz = 1 − tanh²(z)'
        : close(answer, product(() => W, 'latest-left')) ? 'the Diag(1 − tanh²(z_k)) factors are missing: that is the linear-RNN answer W^(T−t)'
        : close(answer, product((z) => W.map((row) => row.map((v, j) => v * derivative(z)[j])), 'latest-left')) ? 'you scaled the columns of W (W Diag(g′)); the derivative multiplies the rows: Diag(g′(z_k)) W'
        : close(answer, product((z) => scaleRows(derivative(z), transpose(W)), 'latest-left')) ? 'you used Wᵀ; the Jacobian of z_k = W h_{k−1} + … with respect to h_{k−1} is W'
        : 'compare with: start from the identity; for k from T down to t+1, multiply on the right by Diag(1 − tanh²(z_k)) W';
      throw new ExerciseError(`tanhJacobian disagrees with stateJacobians for ∂h_${T}/∂h_${t} (${zs.length} factors):\n  expected ${formatValue(expected)}\n  got      ${formatValue(answer)}\n  It looks like ${why}.`);
    }
    return '✓ tanhJacobian matches stateJacobians for products of 0, 1, 3 and 6 factors.';
  });
}

export function checkClipByGlobalNorm(clip: ClipFn): string {
  expectFunction(clip, 'clipByGlobalNorm');
  return runCheck('clipByGlobalNorm', () => {
    const random = new Random(29);
    const vector = (n: number, scale: number) => Array.from({ length: n }, () => uniform(random, scale));
    const cases: { name: string; gradients: number[][]; maxNorm: number }[] = [
      { name: 'three gradients with global norm far above the threshold', gradients: [vector(6, 3), vector(4, 2), vector(9, 1)], maxNorm: 1 },
      { name: 'gradients already within the threshold', gradients: [vector(5, 0.05), vector(3, 0.05)], maxNorm: 1 },
      { name: 'one large and one small gradient', gradients: [vector(4, 10), vector(4, 0.01)], maxNorm: 2.5 },
      { name: 'all-zero gradients', gradients: [[0, 0, 0], [0, 0]], maxNorm: 1 },
    ];
    for (const c of cases) {
      const given = deepCopy(c.gradients);
      const answer = callLearner('clipByGlobalNorm', () => clip(given, c.maxNorm), () => `clipByGlobalNorm(gradients, ${c.maxNorm}) with ${c.name}`);
      if (maxDifference(given.flat(), c.gradients.flat()) !== 0) {
        throw new ExerciseError('clipByGlobalNorm changed the gradients it was given; return new arrays and leave the input as it was');
      }
      const shapes = c.gradients.map((g) => g.length);
      if (!Array.isArray(answer) || answer.length !== shapes.length || !answer.every((g, i) => isVector(g, shapes[i]))) {
        throw new ExerciseError(`clipByGlobalNorm must return arrays of the same lengths as its input (${shapes.join(', ')}), all finite numbers; got ${describeShape(answer)} for ${c.name}`);
      }
      const expected = tf.tidy(() => {
        const named = Object.fromEntries(c.gradients.map((g, i) => [`g${i}`, tf.tensor1d(g)]));
        const { grads } = clipByGlobalNorm(named, c.maxNorm);
        return c.gradients.map((_, i) => Array.from(grads[`g${i}`].dataSync()));
      });
      if (maxDifference(answer.flat(), expected.flat()) <= 1e-5) continue;
      const norm = (gs: number[][]) => Math.sqrt(gs.flat().reduce((s, v) => s + v * v, 0));
      const perTensor = c.gradients.map((g) => g.map((v) => v * Math.min(1, c.maxNorm / Math.max(norm([g]), 1e-300))));
      const alwaysRescaled = c.gradients.map((g) => g.map((v) => (v * c.maxNorm) / norm(c.gradients)));
      const byValue = c.gradients.map((g) => g.map((v) => Math.max(-c.maxNorm, Math.min(c.maxNorm, v))));
      const why =
        maxDifference(answer.flat(), perTensor.flat()) <= 1e-5 ? 'you clipped each gradient by its own norm; clip by the global norm of all of them together, so every gradient is scaled by the same factor'
        : maxDifference(answer.flat(), alwaysRescaled.flat()) <= 1e-5 ? `you rescaled to norm ${c.maxNorm} even though the norm was ${norm(c.gradients).toPrecision(4)}; gradients within the threshold stay as they are (factor min(1, c/‖g‖))`
        : maxDifference(answer.flat(), byValue.flat()) <= 1e-5 ? 'you clipped every entry to [−maxNorm, maxNorm] (clipping by value), which changes the direction; rescale the whole gradient instead'
        : `the global norm is ${norm(c.gradients).toPrecision(4)}; every entry should be multiplied by ${Math.min(1, c.maxNorm / Math.max(norm(c.gradients), 1e-300)).toPrecision(4)}`;
      throw new ExerciseError(`clipByGlobalNorm disagrees with the library for ${c.name}:\n  expected ${formatValue(expected)}\n  got      ${formatValue(answer)}\n  It looks like ${why}.`);
    }
    return `✓ clipByGlobalNorm matches the library's clipByGlobalNorm on ${cases.length} cases (above and below the threshold, mixed sizes, all zeros).`;
  });
}
