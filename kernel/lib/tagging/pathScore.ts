/**
 * The score of one given tag path through a linear-chain CRF (the numerator of P(y | x)):
 *   score(y) = start[y_1] + Σ_t E[t, y_t] + Σ_{t>1} A[y_{t-1}, y_t] + end[y_T]
 * with T each row's own length. Tags are picked by one-hot products rather than gather, so the
 * score is differentiable w.r.t. E, A, start and end on every backend (wasm lacks gather's gradient).
 */
import { tf } from '../tf';
import type { ChainPotentials } from './forwardBackward';

/** tags `[batch, time]` int32 (padding ids ignored) → score(y) `[batch]`. */
export function pathScore(p: ChainPotentials, tags: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const [batch, time, numTags] = p.emissions.shape;
    const real = tf.expandDims(p.mask, 2);
    // y as one-hot rows, zeroed on padding: [batch, time, tags]
    const y = tf.mul(tf.oneHot(tags, numTags), real);
    // Σ_t E[t, y_t]
    const emissionScore = tf.sum(tf.mul(p.emissions, y), [1, 2]);
    // start[y_1]
    const first = tf.reshape(tf.slice(y, [0, 0, 0], [batch, 1, numTags]), [batch, numTags]);
    const startScore = tf.sum(tf.mul(first, p.start), 1);
    // end[y_T]: the last real step is where mask_t − mask_{t+1} = 1.
    const nextReal = tf.concat([tf.slice(p.mask, [0, 1], [batch, time - 1]), tf.zeros([batch, 1])], 1);
    const isLast = tf.expandDims(tf.sub(p.mask, nextReal), 2);
    const last = tf.sum(tf.mul(y, isLast), 1);
    const endScore = tf.sum(tf.mul(last, p.end), 1);
    if (time === 1) return tf.add(tf.add(emissionScore, startScore), endScore) as tf.Tensor1D;
    // Σ_{t>1} A[y_{t-1}, y_t] = Σ_t (y_{t-1}ᵀ A) · y_t; a padded y_t is zero, so it adds nothing.
    const previous = tf.reshape(tf.slice(y, [0, 0, 0], [batch, time - 1, numTags]), [batch * (time - 1), numTags]);
    const current = tf.reshape(tf.slice(y, [0, 1, 0], [batch, time - 1, numTags]), [batch * (time - 1), numTags]);
    const transitionScore = tf.sum(tf.reshape(tf.mul(tf.matMul(previous, p.transitions), current), [batch, (time - 1) * numTags]), 1);
    return tf.add(tf.add(tf.add(emissionScore, startScore), endScore), transitionScore) as tf.Tensor1D;
  });
}
