/**
 * Reference solutions to the exercises of lesson 9 (09-implementation-tricks.seqnb). Paste a
 * function into the exercise cell, or compare it with yours.
 */
import { tf } from '../../kernel/lib/tf';

/** s_t = m ⊙ next + (1 − m) ⊙ prev: a padded row (m = 0) keeps its state, and no gradient reaches `next` there. */
export function maskedUpdate(next: tf.Tensor2D, prev: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.add(tf.mul(mask, next), tf.mul(tf.sub(1, mask), prev)) as tf.Tensor2D);
}

/** Σ (loss ⊙ mask) / Σ mask: every real step of the batch weighs the same, padding not at all. */
export function maskedMeanLoss(losses: tf.Tensor2D, mask: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.div(tf.sum(tf.mul(losses, mask)), tf.sum(mask)) as tf.Scalar);
}

/** Sort the example indices by length, then cut consecutive batches: neighbours in length share a batch. */
export function bucketBatches(lengths: number[], batchSize: number): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a] - lengths[b]);
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += batchSize) batches.push(order.slice(start, start + batchSize));
  return batches;
}
