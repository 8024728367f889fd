/**
 * The BiLSTM-CRF tagger's output layer: emission scores from the RNN states, then a linear-chain
 * CRF over whole tag paths,
 *   E[t] = W h_t + b,   P(y | x) ∝ exp(start[y_1] + Σ_t E[t, y_t] + Σ_t A[y_{t-1}, y_t] + end[y_T])
 * Same calling convention as SoftmaxTagger (`loss`, `predict`), so a lesson can swap one for the other.
 */
import { tf } from '../tf';
import type { Parameterised } from '../core/types';
import { Dense } from '../layers/dense';
import { childSeed, randomSeed } from '../init/seeds';
import { expectShape } from '../core/expectShape';
import { LinearChainCRF, type CRFDecoding } from './crf';
import type { TagScheme } from './schemes';

export interface CRFTaggerOptions {
  hiddenSize: number;
  /** Tag names in id order, e.g. `tagSet(['PER', 'LOC'], 'BIO')`. */
  tags: readonly string[];
  /** Forbid the scheme's invalid transitions (e.g. I-PER after B-LOC); omit for an unconstrained CRF. */
  scheme?: TagScheme;
  seed?: number;
}

export class CRFTagger implements Parameterised {
  readonly tags: readonly string[];
  /** The emission map W h_t + b: kernel `[hidden, tags]`, bias `[tags]`. */
  readonly projection: Dense;
  readonly crf: LinearChainCRF;

  constructor(options: CRFTaggerOptions) {
    if (!Array.isArray(options.tags) || options.tags.length === 0) throw new Error('CRFTagger: tags must be a non-empty list of tag names');
    const seed = options.seed ?? randomSeed();
    this.tags = [...options.tags];
    this.projection = new Dense({ inputSize: options.hiddenSize, units: this.tags.length, seed: childSeed(seed, 'emissions') });
    this.crf = new LinearChainCRF({ tags: this.tags, scheme: options.scheme, seed: childSeed(seed, 'crf') });
  }

  /** states `[batch, time, hidden]` → emission scores `[batch, time, tags]`. */
  emissions(states: tf.Tensor3D): tf.Tensor3D {
    expectShape('CRFTagger states', states, ['batch', 'time', 'hidden'], [undefined, undefined, this.projection.inputSize]);
    return this.projection.apply(states) as tf.Tensor3D;
  }

  /** Mean over the batch of −log P(y | x). targets `[batch, time]` int32, mask `[batch, time]` right-padded. */
  loss(states: tf.Tensor3D, targets: tf.Tensor2D, mask?: tf.Tensor2D): tf.Scalar {
    return tf.tidy(() => this.crf.negativeLogLikelihood(this.emissions(states), targets, mask, 'mean') as tf.Scalar);
  }

  /** P(y_t = k | x) `[batch, time, tags]` by forward-backward. */
  marginals(states: tf.Tensor3D, mask?: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => this.crf.marginals(this.emissions(states), mask));
  }

  /** Viterbi paths, scores, trellises and tag names. */
  decode(states: tf.Tensor3D, mask?: tf.Tensor2D): CRFDecoding {
    const emissions = this.emissions(states);
    try {
      return this.crf.decode(emissions, mask);
    } finally {
      emissions.dispose();
    }
  }

  /** The Viterbi tag ids at every real step, one list per sequence. */
  predict(states: tf.Tensor3D, mask?: tf.Tensor2D): number[][] {
    return this.decode(states, mask).paths;
  }

  /** As `predict`, with tag names. */
  predictTags(states: tf.Tensor3D, mask?: tf.Tensor2D): string[][] {
    return this.predict(states, mask).map((ids) => ids.map((id) => this.tags[id]));
  }

  trainableVariables(): tf.Variable[] {
    return [...this.projection.trainableVariables(), ...this.crf.trainableVariables()];
  }

  dispose(): void {
    this.projection.dispose();
    this.crf.dispose();
  }
}
