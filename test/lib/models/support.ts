/**
 * Shared by the model tests: run each suite on both bundled backends, check that a block leaves
 * no tensor behind, seeded test data, relative differences, and hand-setting a cell's weights.
 */
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../kernel/lib/backend';
import { tf } from '../../../kernel/lib/tf';
import { gradCheck } from '../../support/gradcheck';

export const backends = ['cpu', 'wasm'] as const;
export type Backend = (typeof backends)[number];

/** Registers `body`'s tests once per backend, each group switching to its backend first. */
export function onEachBackend(body: (backend: Backend) => void): void {
  for (const backend of backends) {
    describe(`on the ${backend} backend`, () => {
      before(async () => {
        await selectBackend(backend);
      });
      body(backend);
    });
  }
}

/** Runs `fn` and fails if the number of live tensors changed. */
export function assertNoLeak(fn: () => void, what = 'block'): void {
  const before = tf.memory().numTensors;
  fn();
  assert.equal(tf.memory().numTensors, before, `${what} leaked ${tf.memory().numTensors - before} tensors`);
}

/** A seeded uniform generator in [-scale, scale) (LCG; the same numbers on every run and backend). */
export function seededUniform(seed: number, scale = 1): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 4294967296) * 2 * scale - scale;
  };
}

export function randomArray(random: () => number, size: number): number[] {
  return Array.from({ length: size }, random);
}

export function randomTensor(random: () => number, shape: number[]): tf.Tensor {
  return tf.tensor(randomArray(random, shape.reduce((a, b) => a * b, 1)), shape);
}

/** max |a − b| / max |b|: the difference relative to the reference tensor's scale. */
export function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, `length ${a.length} vs ${b.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

export function assertRelativeClose(a: tf.Tensor | ArrayLike<number>, b: tf.Tensor | ArrayLike<number>, tolerance: number, what: string): void {
  const av = a instanceof tf.Tensor ? a.dataSync() : a;
  const bv = b instanceof tf.Tensor ? b.dataSync() : b;
  if (a instanceof tf.Tensor && b instanceof tf.Tensor) assert.deepEqual(a.shape, b.shape, `${what}: shapes differ`);
  const rel = relativeDifference(av, bv);
  assert.ok(rel <= tolerance, `${what}: relative difference ${rel.toExponential(2)} > ${tolerance}\n got ${Array.from(av).slice(0, 8).join(', ')}\n exp ${Array.from(bv).slice(0, 8).join(', ')}`);
}

/** Overwrites a module's weights (by name) with seeded random values of scale `scale`. */
export function randomiseWeights(weights: Record<string, tf.Variable>, seed: number, scale = 0.5): void {
  const random = seededUniform(seed, scale);
  for (const v of Object.values(weights)) {
    tf.tidy(() => v.assign(randomTensor(random, v.shape)));
  }
}

/** A fixed random projection `[...shape]` so that `sum(proj ⊙ y)` has non-trivial gradients. */
export function weightedSum(y: tf.Tensor, proj: tf.Tensor): tf.Scalar {
  return tf.sum(tf.mul(y, proj));
}

/**
 * Finite-difference check of every variable's gradient, relative error < 1e-3 per element. Small
 * gradient entries are compared against a floor of 5% of the largest gradient entry: float32
 * central differences carry an absolute error of about 1e-5..1e-4 here (rounding of a loss of
 * order 1 divided by 2ε, plus ε²·f'''/6), which is no measure of an entry far below the rest.
 */
export function assertGradientsMatch(loss: () => tf.Scalar, variables: Record<string, tf.Variable>, epsilon = 5e-3): void {
  const largest = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(loss, Object.values(variables));
    value.dispose();
    return Math.max(...Object.values(grads).map((g) => tf.max(tf.abs(g)).dataSync()[0]));
  });
  const result = gradCheck(loss, variables, { epsilon, floor: Math.max(0.05 * largest, 1e-3) });
  assert.ok(result.maxRelativeError < 1e-3, `largest |gradient| ${largest.toFixed(3)}: ${JSON.stringify(result)}`);
}
