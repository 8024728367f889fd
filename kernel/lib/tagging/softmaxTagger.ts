/**
 * The RNN tagger: an independent softmax at every step over the (Bi)RNN state,
 *   P(y_t | x) = softmax(W h_t + b)
 * trained by cross-entropy averaged over the real (unpadded) tokens,
 *   L = −(1/N) Σ_{t real} log P(y_t = gold_t | x)
 * Each decision is made alone, so nothing stops it emitting I-PER after B-LOC; see LinearChainCRF.
 */
import { tf } from '../tf';
import { expectShape, maskOrOnes } from '../core/expectShape';
import { Dense } from '../layers/dense';
import { sequenceCrossEntropy } from '../train/losses';
import type { Parameterised } from '../core/types';
import { checkTagIds } from './sequenceLengths';

export interface SoftmaxTaggerOptions {
  hiddenSize: number;
  /** Tag names in id order, e.g. `tagSet(['PER', 'LOC'], 'BIO')`. */
  tags: readonly string[];
  seed?: number;
}

export class SoftmaxTagger implements Parameterised {
  readonly tags: readonly string[];
  /** The emission map W h_t + b: kernel `[hidden, tags]`, bias `[tags]`. */
  readonly projection: Dense;

  constructor(options: SoftmaxTaggerOptions) {
    if (!Array.isArray(options.tags) || options.tags.length === 0) throw new Error('SoftmaxTagger: tags must be a non-empty list of tag names');
    this.tags = [...options.tags];
    this.projection = new Dense({ inputSize: options.hiddenSize, units: this.tags.length, seed: options.seed });
  }

  /** states `[batch, time, hidden]` → logits W h_t + b `[batch, time, tags]`. */
  logits(states: tf.Tensor3D): tf.Tensor3D {
    expectShape('SoftmaxTagger states', states, ['batch', 'time', 'hidden'], [undefined, undefined, this.projection.inputSize]);
    return this.projection.apply(states) as tf.Tensor3D;
  }

  /** states → P(y_t | x) `[batch, time, tags]`. */
  probabilities(states: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => tf.softmax(this.logits(states), -1) as tf.Tensor3D);
  }

  /**
   * Mean cross-entropy over real tokens. states `[batch, time, hidden]`, targets `[batch, time]`
   * int32 tag ids (any value on padding), mask `[batch, time]`.
   */
  loss(states: tf.Tensor3D, targets: tf.Tensor2D, mask?: tf.Tensor2D): tf.Scalar {
    expectShape('SoftmaxTagger states', states, ['batch', 'time', 'hidden']);
    const [batch, time] = states.shape;
    return tf.tidy(() => {
      const m = maskOrOnes('SoftmaxTagger', mask, batch, time);
      checkTagIds('SoftmaxTagger.loss', targets, m.dataSync(), batch, time, this.tags.length);
      // Ids on padding may be anything (e.g. −1); they are zeroed so the one-hot stays in range, then masked out.
      const realTargets = tf.mul(targets, tf.cast(tf.notEqual(m, 0), 'int32')) as tf.Tensor2D;
      return sequenceCrossEntropy(this.logits(states), realTargets, m);
    });
  }

  /** The most probable tag id at every real step, one list per sequence (padding left out). */
  predict(states: tf.Tensor3D, mask?: tf.Tensor2D): number[][] {
    expectShape('SoftmaxTagger states', states, ['batch', 'time', 'hidden']);
    const [batch, time] = states.shape;
    const [best, real] = tf.tidy(() => [tf.argMax(this.logits(states), -1), maskOrOnes('SoftmaxTagger', mask, batch, time)].map((t) => Array.from(t.dataSync())));
    return Array.from({ length: batch }, (_, b) => best.slice(b * time, (b + 1) * time).filter((_, t) => real[b * time + t] !== 0));
  }

  /** As `predict`, with tag names. */
  predictTags(states: tf.Tensor3D, mask?: tf.Tensor2D): string[][] {
    return this.predict(states, mask).map((ids) => ids.map((id) => this.tags[id]));
  }

  trainableVariables(): tf.Variable[] {
    return this.projection.trainableVariables();
  }

  dispose(): void {
    this.projection.dispose();
  }
}
