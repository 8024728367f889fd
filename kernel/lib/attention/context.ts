/**
 * From alignment scores to a context vector, shared by every attention scorer and by attention pooling:
 *   α_i = exp(e_i) / Σ_{j real} exp(e_j)      (softmax over the real, unpadded positions)
 *   c   = Σ_i α_i h_i
 * Padded positions get exactly zero weight, so their states never reach the context vector nor
 * receive gradient. A row with no real position at all gets zero weights and a zero context.
 */
import { tf } from '../tf';
import { expectShape, maskOrOnes } from '../core/expectShape';

/**
 * Added to the scores of padded positions before the softmax. Finite (not -Infinity) so that a
 * fully padded row stays NaN-free; exp(-1e9) is exactly 0 in float32.
 */
const PADDING_SCORE = -1e9;

/**
 * scores `[batch, time]`, mask `[batch, time]` (1 real, 0 padding) → α `[batch, time]`,
 * each row summing to 1 over its real positions.
 */
export function maskedSoftmax(scores: tf.Tensor2D, mask?: tf.Tensor2D): tf.Tensor2D {
  expectShape('maskedSoftmax scores', scores, ['batch', 'time']);
  const [batch, time] = scores.shape;
  return tf.tidy(() => {
    const m = maskOrOnes('maskedSoftmax', mask, batch, time);
    // α_i ∝ exp(e_i) on real positions; padding pushed to −1e9, then zeroed exactly by the mask.
    const shifted = tf.add(scores, tf.mul(tf.sub(1, m), PADDING_SCORE));
    return tf.mul(tf.softmax(shifted, -1), m) as tf.Tensor2D;
  });
}

/** α `[batch, time]`, H `[batch, time, hidden]` → c = Σ_i α_i h_i `[batch, hidden]`. */
export function contextVector(weights: tf.Tensor2D, states: tf.Tensor3D): tf.Tensor2D {
  expectShape('contextVector weights', weights, ['batch', 'time']);
  expectShape('contextVector states', states, ['batch', 'time', 'hidden'], [weights.shape[0], weights.shape[1]]);
  return tf.tidy(() => {
    const [batch, time] = weights.shape;
    // [batch, 1, time] · [batch, time, hidden] → [batch, 1, hidden]
    const c = tf.matMul(tf.reshape(weights, [batch, 1, time]), states);
    return tf.reshape(c, [batch, states.shape[2]]) as tf.Tensor2D;
  });
}

/** What one attention read returns; all tensors belong to the caller. (A type alias, so tf.tidy can return it.) */
export type AttentionRead = {
  /** c = Σ_i α_i h_i, `[batch, keySize]`. */
  context: tf.Tensor2D;
  /** α, `[batch, time]`: one row of the attention heatmap per query. */
  weights: tf.Tensor2D;
  /** The raw alignment scores e_i before the softmax, `[batch, time]`. */
  scores: tf.Tensor2D;
};

/** e `[batch, time]` for states H `[batch, time, hidden]` → the masked softmax and the context vector. */
export function readWithScores(scores: tf.Tensor2D, states: tf.Tensor3D, mask?: tf.Tensor2D): AttentionRead {
  return tf.tidy(() => {
    const weights = maskedSoftmax(scores, mask);
    return { context: contextVector(weights, states), weights, scores: tf.clone(scores) };
  });
}
