/**
 * Order-free summaries of all the states of a sequence, padding excluded:
 *   mean:  y = (1/T) Σ_{t real} h_t
 *   max:   y_k = max_{t real} h_{t,k}    (per feature)
 */
import { tf } from '../tf';
import { expectShape, maskOrOnes } from '../core/expectShape';

/** states `[batch, time, hidden]`, mask `[batch, time]` → `[batch, hidden]`; zeros for a row with no real step. */
export function meanPool(states: tf.Tensor3D, mask?: tf.Tensor2D): tf.Tensor2D {
  expectShape('meanPool states', states, ['batch', 'time', 'hidden']);
  const [batch, time] = states.shape;
  return tf.tidy(() => {
    const m = tf.expandDims(maskOrOnes('meanPool', mask, batch, time), 2);
    const total = tf.sum(tf.mul(states, m), 1);
    const count = tf.maximum(tf.sum(m, 1), 1);
    return tf.div(total, count) as tf.Tensor2D;
  });
}

/** states `[batch, time, hidden]`, mask `[batch, time]` → `[batch, hidden]`; zeros for a row with no real step. */
export function maxPool(states: tf.Tensor3D, mask?: tf.Tensor2D): tf.Tensor2D {
  expectShape('maxPool states', states, ['batch', 'time', 'hidden']);
  const [batch, time] = states.shape;
  return tf.tidy(() => {
    const m = tf.expandDims(maskOrOnes('maxPool', mask, batch, time), 2);
    // Padding is replaced (not offset) by a value below any real state, so it can never be the max.
    const candidates = tf.where(tf.cast(m, 'bool'), states, tf.fill(states.shape, -3.4e38));
    const pooled = tf.max(candidates, 1);
    const anyReal = tf.greater(tf.sum(m, 1), 0);
    return tf.where(anyReal, pooled, tf.zerosLike(pooled)) as tf.Tensor2D;
  });
}
