/**
 * The training signal of a tree classifier: cross-entropy of the node labels, at the root only
 * (one label per sentence) or at every labelled node (every phrase, as in the Stanford Sentiment
 * Treebank), averaged over the labelled nodes:
 *   L = −(1 / |labelled|) Σ_{n labelled} log softmax(z_n)[y_n]
 * Unlabelled nodes are masked out; the rows are picked with a mask, not `gather`, so the gradient
 * also runs on the wasm backend.
 */
import { tf } from '../tf';
import type { Tree } from './tree';

export type LossNodes = 'root' | 'all';

/** For nodes in post-order (root last): label per node (0 where unused) and 1/0 whether it counts. */
export function nodeTargets(order: readonly Tree[], at: LossNodes): { labels: number[]; mask: number[] } {
  if (at !== 'root' && at !== 'all') throw new Error(`tree loss: 'at' must be 'root' or 'all'; got '${String(at)}'`);
  const labels = order.map((t) => t.label ?? 0);
  const mask = order.map((t, i) => (t.label !== undefined && (at === 'all' || i === order.length - 1) ? 1 : 0));
  if (at === 'root' && order[order.length - 1].label === undefined) {
    throw new Error('tree loss: the root has no label; write it as (label …) or use a labelled tree');
  }
  return { labels, mask };
}

/**
 * Summed (not averaged) cross-entropy over the counted nodes of one tree and their number, so a
 * batch of trees can be averaged over all its labelled nodes. logits `[nodes, classes]`.
 */
export function treeNodeLoss(logits: tf.Tensor2D, order: readonly Tree[], at: LossNodes): { total: tf.Scalar; count: number } {
  const classes = logits.shape[1];
  const { labels, mask } = nodeTargets(order, at);
  const bad = labels.find((label) => label >= classes);
  if (bad !== undefined) throw new Error(`tree loss: label ${bad} is outside the ${classes} classes of the classifier`);
  const count = mask.reduce((a, b) => a + b, 0);
  const total = tf.tidy(() => {
    // log softmax(z_n)[y_n] per node: [nodes]
    const picked = tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(tf.tensor1d(labels, 'int32'), classes)), 1);
    return tf.neg(tf.sum(tf.mul(picked, tf.tensor1d(mask)))) as tf.Scalar;
  });
  return { total, count };
}
