/**
 * A trainable weight created from an initialiser and a seed derived from the owner's seed and the
 * weight's name, so one constructor seed reproduces every weight of a module on every backend.
 * A vector `[n]` (a scoring vector such as Bahdanau's v, or a bias) is initialised as the matrix
 * `[n, 1]`: for Glorot uniform that gives the limit sqrt(6 / (n + 1)) of a map from n numbers to one.
 */
import { tf } from '../tf';
import { resolveInitializer, type InitializerSpec } from './initializers';
import { childSeed } from './seeds';

export function seededVariable(spec: InitializerSpec, shape: readonly number[], seed: number, label: string): tf.Variable {
  if (shape.length === 0 || shape.length > 2 || shape.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new Error(`seededVariable '${label}': expected a shape of one or two positive integers, got [${shape.join(', ')}]`);
  }
  const asMatrix = shape.length === 1 ? [shape[0], 1] : [...shape];
  return tf.tidy(() => tf.variable(tf.reshape(resolveInitializer(spec)(asMatrix, childSeed(seed, label)), [...shape])));
}
