/**
 * Checking a learner's function written with tfjs operations: its outputs, and the gradients that
 * backpropagation takes through it. A step that computes the right numbers but breaks the tape
 * (reading values out with `dataSync`, building new tensors from numbers) gives right values and
 * no gradients; the probes here catch both.
 *
 * A probe runs `f` on the given inputs, reduces its outputs to the scalar `Σ_k Σ_i r_k[i] · out_k[i]`
 * with fixed random weights `r_k` (a random direction, so every output entry matters), and
 * differentiates that scalar with respect to every input. Everything runs inside `tf.tidy`; the
 * results are plain numbers.
 */
import { tf } from '../tf';
import type { Random } from '../core/random';
import { tidyResult } from '../core/tidyResult';
import { ExerciseError } from './checking';

/** A tensor of `shape` with entries uniform in ±scale, from `random` (same numbers on every backend). */
export function randomTensor(random: Random, shape: number[], scale: number): tf.Tensor {
  const size = shape.reduce((n, d) => n * d, 1);
  const values = Float32Array.from({ length: size }, () => scale * (2 * random.next() - 1));
  return tf.tensor(values, shape, 'float32');
}

export interface TensorProbe {
  /** Each output flattened, in the order `f` returned them. */
  outputs: number[][];
  /** ∂(probe)/∂input for each input, flattened; null where no gradient reaches that input. */
  gradients: (number[] | null)[];
}

/**
 * Runs `f(inputs)` (which returns its outputs as a list) and differentiates the probe scalar with
 * weights `directions` (one per output, same shapes). `describe(k, got)` explains an output `k`
 * that is not a tensor of the expected shape.
 */
export function probe(f: (inputs: tf.Tensor[]) => unknown[], inputs: tf.Tensor[], directions: tf.Tensor[], describe: (k: number, got: unknown) => string): TensorProbe {
  return tidyResult(() => {
    let outputs: number[][] = [];
    // An error inside the recorded pass is raised only after the backward pass, which is what
    // frees the tensors the tape saved for it.
    let failure: unknown;
    const { value, grads } = tf.engine().gradients(
      () => {
        try {
          const outs = f(inputs);
          outs.forEach((out, k) => {
            const expected = directions[k].shape;
            if (!(out instanceof tf.Tensor) || out.shape.length !== expected.length || out.shape.some((d: number, i: number) => d !== expected[i])) {
              throw new ExerciseError(describe(k, out));
            }
          });
          const tensors = outs as tf.Tensor[];
          outputs = tensors.map((t) => Array.from(t.dataSync()));
          return tf.addN(tensors.map((t, k) => tf.sum(tf.mul(tf.cast(t, 'float32'), directions[k])))) as tf.Scalar;
        } catch (error) {
          failure = error;
          return tf.scalar(0);
        }
      },
      inputs,
      undefined,
      true,
    );
    value.dispose();
    if (failure !== undefined) throw failure;
    return { outputs, gradients: grads.map((g) => (g ? Array.from(g.dataSync()) : null)) };
  });
}

/** Largest |a_i − b_i| relative to the larger magnitude of the two vectors (at least 1). */
export function relativeGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let gap = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    gap = Math.max(gap, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(a[i]), Math.abs(b[i]));
  }
  return a.length === b.length ? gap / scale : Infinity;
}

/** Describes what arrived where a tensor of `shape` was expected. */
export function describeTensor(value: unknown, shape: number[]): string {
  const want = `a tensor of shape [${shape.join(', ')}]`;
  if (value instanceof tf.Tensor) return `expected ${want}; got shape [${value.shape.join(', ')}]`;
  if (Array.isArray(value)) return `expected ${want}; got a plain array (wrap numbers in tf.tensor, or better, compute with tf operations on the given tensors)`;
  return `expected ${want}; got ${value === null ? 'null' : typeof value}`;
}

/** Up to `count` entries of a flattened vector, for messages. */
export function preview(values: ArrayLike<number>, count = 6): string {
  const shown = Array.from(values).slice(0, count).map((v) => v.toPrecision(4));
  return `[${shown.join(', ')}${values.length > count ? ', …' : ''}]`;
}
