/**
 * The acceptor: classify a sequence from the state after its last real token, h_T. With padding,
 * each sequence has its own T, read from the mask. Simple, but the state of a long input has
 * mostly forgotten its beginning, which is why the other poolings exist.
 */
import { tf } from '../tf';
import { expectShape, maskOrOnes } from '../core/expectShape';

/**
 * states H `[batch, time, hidden]`, mask `[batch, time]` → h at each row's last real step
 * `[batch, hidden]` (the highest position whose mask is 1; zeros for a row with no real step).
 * The selection is a one-hot product, so gradients reach exactly the chosen states.
 */
export function lastState(states: tf.Tensor3D, mask?: tf.Tensor2D): tf.Tensor2D {
  expectShape('lastState states', states, ['batch', 'time', 'hidden']);
  const [batch, time] = states.shape;
  return tf.tidy(() => {
    const m = maskOrOnes('lastState', mask, batch, time);
    // last = max_t (t + 1)·mask_t − 1, i.e. −1 when the row has no real step.
    const positions = tf.add(tf.range(0, time), 1);
    const last = tf.sub(tf.max(tf.mul(m, positions), 1), 1);
    return selectStep(states, last);
  });
}

/**
 * The state at the first real step `[batch, hidden]` (the lowest position whose mask is 1):
 * where a backward RNN, which runs from the end to the start, has read the whole sequence.
 */
export function firstState(states: tf.Tensor3D, mask?: tf.Tensor2D): tf.Tensor2D {
  expectShape('firstState states', states, ['batch', 'time', 'hidden']);
  const [batch, time] = states.shape;
  return tf.tidy(() => {
    const m = maskOrOnes('firstState', mask, batch, time);
    // first = T − max_t (T − t)·mask_t, i.e. T (out of range, selects nothing) when no step is real.
    const distanceFromEnd = tf.sub(time, tf.range(0, time));
    const first = tf.sub(time, tf.max(tf.mul(m, distanceFromEnd), 1));
    return selectStep(states, first);
  });
}

/** states `[batch, time, hidden]`, positions `[batch]` (float) → `[batch, hidden]`; out-of-range positions give zeros. */
function selectStep(states: tf.Tensor3D, positions: tf.Tensor1D | tf.Tensor): tf.Tensor2D {
  const [batch, time, hidden] = states.shape;
  const selector = tf.cast(tf.oneHot(tf.cast(positions, 'int32'), time), 'float32');
  // [batch, 1, time] · [batch, time, hidden] → [batch, 1, hidden]
  return tf.reshape(tf.matMul(tf.reshape(selector, [batch, 1, time]), states), [batch, hidden]) as tf.Tensor2D;
}
