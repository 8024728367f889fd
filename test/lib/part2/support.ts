/**
 * Shared by the part-2 tests (attention, pooling, tagging): run a suite on both bundled tensor
 * backends, assert that a block leaves no tensor behind, and the plain-JS arithmetic the tests
 * use to compute expected values independently of tfjs.
 */
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../kernel/lib/backend';
import { tf } from '../../../kernel/lib/tf';

export const backends = ['cpu', 'wasm'] as const;

/** Registers `body`'s tests once per backend, each group switching to its backend first. */
export function onEachBackend(body: (backend: (typeof backends)[number]) => void): void {
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
export function assertNoLeak<T>(fn: () => T): T {
  const before = tf.memory().numTensors;
  const result = fn();
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  return result;
}

export function assertClose(actual: ArrayLike<number> | number, expected: ArrayLike<number> | number, tolerance = 1e-5, what = ''): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  assert.equal(a.length, e.length, `${what}: length ${a.length} vs expected ${e.length}`);
  a.forEach((value, i) => {
    const scale = Math.max(1, Math.abs(e[i]));
    assert.ok(Math.abs(value - e[i]) <= tolerance * scale, `${what}[${i}]: got ${value}, expected ${e[i]} (tolerance ${tolerance})\n got ${a.join(', ')}\n exp ${e.join(', ')}`);
  });
}

/** Row vector times matrix: (x M)_j = Σ_i x_i M_ij. */
export function vecMat(x: readonly number[], M: readonly (readonly number[])[]): number[] {
  return M[0].map((_, j) => x.reduce((sum, xi, i) => sum + xi * M[i][j], 0));
}

export function dot(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, ai, i) => sum + ai * b[i], 0);
}

export function add(a: readonly number[], b: readonly number[]): number[] {
  return a.map((ai, i) => ai + b[i]);
}

/** Softmax over the entries where `mask` is 1; 0 elsewhere. */
export function maskedSoftmaxJs(scores: readonly number[], mask: readonly number[] = scores.map(() => 1)): number[] {
  const real = scores.filter((_, i) => mask[i] === 1);
  const max = Math.max(...real);
  const exps = scores.map((s, i) => (mask[i] === 1 ? Math.exp(s - max) : 0));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** Σ_i w_i v_i for vectors v_i. */
export function weightedSum(weights: readonly number[], vectors: readonly (readonly number[])[]): number[] {
  return vectors[0].map((_, k) => weights.reduce((sum, w, i) => sum + w * vectors[i][k], 0));
}

export function logSumExpJs(values: readonly number[]): number {
  const max = Math.max(...values);
  if (max === -Infinity) return -Infinity;
  return max + Math.log(values.reduce((sum, v) => sum + Math.exp(v - max), 0));
}

/** A seeded uniform generator in [-scale, scale) for test inputs (LCG, same numbers on every run). */
export function seededUniform(seed: number, scale = 1): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 4294967296) * 2 * scale - scale;
  };
}

export function random1d(random: () => number, n: number): number[] {
  return Array.from({ length: n }, random);
}

export function random2d(random: () => number, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => random1d(random, cols));
}

export function random3d(random: () => number, a: number, b: number, c: number): number[][][] {
  return Array.from({ length: a }, () => random2d(random, b, c));
}
