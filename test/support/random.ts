/** Seeded test data: the same numbers on every run and backend. */
import { tf } from '../../kernel/lib/tf';

/** A seeded uniform generator in [-scale, scale) (LCG). */
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

export function randomTensor(random: () => number, shape: number[]): tf.Tensor {
  return tf.tensor(random1d(random, shape.reduce((a, b) => a * b, 1)), shape);
}

/** Overwrites a module's weights (by name) with seeded random values of scale `scale`. */
export function randomiseWeights(weights: Record<string, tf.Variable>, seed: number, scale = 0.5): void {
  const random = seededUniform(seed, scale);
  for (const v of Object.values(weights)) {
    tf.tidy(() => v.assign(randomTensor(random, v.shape)));
  }
}
