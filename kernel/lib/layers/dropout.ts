/**
 * Inverted dropout masks: each entry is 0 with probability `rate`, else `1 / (1 − rate)`, so the
 * expected activation is unchanged and nothing needs rescaling at test time. Seeded, so the
 * same seed stream gives the same masks on every backend.
 */
import { tf } from '../tf';

export function checkRate(rate: number, name: string): number {
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) throw new Error(`${name} must be a number in [0, 1); got ${String(rate)}`);
  return rate;
}

export function dropoutMask(shape: number[], rate: number, seed: number): tf.Tensor {
  checkRate(rate, 'dropout rate');
  return tf.tidy(() => {
    const keep = tf.greaterEqual(tf.randomUniform(shape, 0, 1, 'float32', seed), rate);
    return tf.div(tf.cast(keep, 'float32'), 1 - rate);
  });
}

/** Checks that an injected mask has the expected shape. */
export function checkMaskShape(mask: tf.Tensor, shape: number[], what: string): void {
  if (!(mask instanceof tf.Tensor) || mask.shape.length !== shape.length || mask.shape.some((d, i) => d !== shape[i])) {
    const got = mask instanceof tf.Tensor ? `[${mask.shape.join(', ')}]` : String(mask);
    throw new Error(`${what} must have shape [${shape.join(', ')}]; got ${got}`);
  }
}
