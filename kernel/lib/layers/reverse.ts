/**
 * Reverses each sequence of a padded batch within its own length, for the backward direction of a
 * bidirectional RNN: `[a b c 0 0]` becomes `[c b a 0 0]`, so padding stays at the end and the
 * backward RNN starts at each sequence's real last step.
 */
import { tf } from '../tf';

/**
 * x `[batch, time, features]` → the same shape, rows reversed within `lengths[b]` (all of `time`
 * when `lengths` is omitted). Differentiable on every backend: the gradient is the same reversal
 * (a permutation that is its own inverse), not tf.gather's gradient, which wasm lacks.
 */
export function reverseSequences(x: tf.Tensor3D, lengths?: readonly number[]): tf.Tensor3D {
  const [batch, time, features] = x.shape;
  if (!lengths) return tf.reverse(x, 1);
  if (lengths.length !== batch) throw new Error(`reverseSequences: ${lengths.length} lengths for a batch of ${batch}`);
  const order = new Int32Array(batch * time);
  lengths.forEach((length, b) => {
    for (let t = 0; t < time; t++) order[b * time + t] = b * time + (t < length ? length - 1 - t : t);
  });
  // tfjs passes the inputs and then the save function through one rest parameter
  const permute = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [rows, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const indices = tf.tensor1d(order, 'int32');
    save([indices]);
    return { value: tf.gather(rows, indices), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.gather(dy, saved[0]) };
  });
  return tf.tidy(() => tf.reshape(permute(tf.reshape(x, [batch * time, features])), [batch, time, features]));
}
