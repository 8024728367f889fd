/**
 * Seeded Glorot (Xavier) uniform initialisation: `W ~ U(-l, l)` with `l = sqrt(6 / (fanIn + fanOut))`,
 * which keeps the variance of activations roughly constant through a layer (Glorot & Bengio 2010).
 * The seed makes every lesson rerun with the same starting weights; tfjs draws these numbers in
 * JavaScript, so cpu and wasm start from identical values.
 */
import { tf } from '../tf';

/**
 * A trainable variable `shape` drawn from Glorot uniform. For a vector (rank 1) the fan-in is its
 * length and the fan-out 1, as for a scoring vector `v` that maps a hidden vector to one number.
 */
export function glorotUniformVariable(shape: number[], seed: number): tf.Variable {
  if (shape.length === 0 || shape.length > 2 || shape.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new Error(`glorotUniformVariable: expected a shape of one or two positive integers, got [${shape.join(', ')}]`);
  }
  const fanIn = shape[0];
  const fanOut = shape.length === 2 ? shape[1] : 1;
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return tf.tidy(() => tf.variable(tf.randomUniform(shape, -limit, limit, 'float32', seed)));
}

/** A trainable variable of zeros (biases). */
export function zerosVariable(shape: number[]): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zeros(shape)));
}
