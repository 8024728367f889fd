/**
 * Hierarchical attention pooling (Yang et al. 2016): a document is sentences of words. Word-level
 * attention pools each sentence's word states into a sentence vector, an optional sentence encoder
 * (e.g. a BiGRU over the sentence vectors) adds context between sentences, and sentence-level
 * attention pools those into one document vector:
 *   u_it = tanh(W_w h_it + b_w),  α_it = softmax_t(u_itᵀ u_w),  s_i = Σ_t α_it h_it
 *   u_i  = tanh(W_s h_i + b_s),   α_i  = softmax_i(u_iᵀ u_s),   v   = Σ_i α_i h_i
 * Both levels' weights are returned, for a heatmap of words within sentences and of sentences.
 */
import { tf } from '../tf';
import { expectShape } from '../core/expectShape';
import { ContextAttentionPooling } from './contextAttentionPooling';
import { childSeed, randomSeed } from '../init/seeds';

/**
 * Turns sentence vectors s `[batch, sentences, wordHidden]` (mask `[batch, sentences]`) into the
 * states h_i `[batch, sentences, sentenceHidden]` that sentence-level attention pools.
 */
export type SentenceEncoder = (sentenceVectors: tf.Tensor3D, sentenceMask: tf.Tensor2D) => tf.Tensor3D;

export interface HierarchicalAttentionOptions {
  /** Size of the word states h_it. */
  wordHiddenSize: number;
  /** Size of the states the sentence encoder produces (default wordHiddenSize, for no encoder). */
  sentenceHiddenSize?: number;
  /** Length of u at each level (default: that level's hidden size). */
  attentionSize?: number;
  seed?: number;
}

export interface HierarchicalPooled {
  /** v, `[batch, sentenceHidden]`. */
  document: tf.Tensor2D;
  /** s_i, `[batch, sentences, wordHidden]`. */
  sentenceVectors: tf.Tensor3D;
  /** α_it, `[batch, sentences, words]`. */
  wordWeights: tf.Tensor3D;
  /** α_i, `[batch, sentences]`. */
  sentenceWeights: tf.Tensor2D;
}

export class HierarchicalAttentionPooling {
  readonly wordAttention: ContextAttentionPooling;
  readonly sentenceAttention: ContextAttentionPooling;

  constructor(options: HierarchicalAttentionOptions) {
    const { wordHiddenSize, sentenceHiddenSize = wordHiddenSize, attentionSize, seed = randomSeed() } = options;
    this.wordAttention = new ContextAttentionPooling({ hiddenSize: wordHiddenSize, attentionSize, seed: childSeed(seed, 'word') });
    this.sentenceAttention = new ContextAttentionPooling({ hiddenSize: sentenceHiddenSize, attentionSize, seed: childSeed(seed, 'sentence') });
  }

  /**
   * wordStates h_it `[batch, sentences, words, wordHidden]`, mask `[batch, sentences, words]`
   * (a sentence is padding when all its words are). Without `encodeSentences` the sentence
   * vectors themselves are pooled (sentenceHiddenSize must then equal wordHiddenSize). The
   * encoder's own weights are not included in `trainableVariables()`.
   */
  forward(wordStates: tf.Tensor4D, mask?: tf.Tensor3D, encodeSentences?: SentenceEncoder): HierarchicalPooled {
    const wordHidden = this.wordAttention.hiddenSize;
    expectShape('HierarchicalAttentionPooling wordStates', wordStates, ['batch', 'sentences', 'words', 'wordHidden'], [undefined, undefined, undefined, wordHidden]);
    const [batch, sentences, words] = wordStates.shape;
    if (mask !== undefined) expectShape('HierarchicalAttentionPooling mask', mask, ['batch', 'sentences', 'words'], [batch, sentences, words]);
    return tf.tidy(() => {
      const wordMask = mask === undefined ? tf.ones([batch, sentences, words]) : tf.cast(mask, 'float32');
      // Word level: every sentence of every document is one row.
      const wordLevel = this.wordAttention.forward(
        tf.reshape(wordStates, [batch * sentences, words, wordHidden]) as tf.Tensor3D,
        tf.reshape(wordMask, [batch * sentences, words]) as tf.Tensor2D,
      );
      const sentenceVectors = tf.reshape(wordLevel.pooled, [batch, sentences, wordHidden]) as tf.Tensor3D;
      const sentenceMask = tf.max(wordMask, 2) as tf.Tensor2D;
      const sentenceStates = encodeSentences ? encodeSentences(sentenceVectors, sentenceMask) : sentenceVectors;
      expectShape('HierarchicalAttentionPooling sentence encoder output', sentenceStates, ['batch', 'sentences', 'sentenceHidden'], [batch, sentences, this.sentenceAttention.hiddenSize]);
      const sentenceLevel = this.sentenceAttention.forward(sentenceStates, sentenceMask);
      return {
        document: sentenceLevel.pooled,
        sentenceVectors,
        wordWeights: tf.reshape(wordLevel.weights, [batch, sentences, words]) as tf.Tensor3D,
        sentenceWeights: sentenceLevel.weights,
      };
    });
  }

  trainableVariables(): tf.Variable[] {
    return [...this.wordAttention.trainableVariables(), ...this.sentenceAttention.trainableVariables()];
  }

  dispose(): void {
    this.wordAttention.dispose();
    this.sentenceAttention.dispose();
  }
}
