/**
 * Additive attention (Bahdanau, Cho & Bengio 2015): the alignment score is a small feed-forward
 * network trained jointly with the translation model,
 *   e_i = score(s_{t-1}, h_i) = vᵀ tanh(W s_{t-1} + U h_i)
 *   α_i = softmax_i(e_i),   c_t = Σ_i α_i h_i
 * with s_{t-1} the previous decoder state and h_i the encoder state at source position i.
 */
import { tf } from '../tf';
import { seededVariable } from '../init/seededVariable';
import { randomSeed } from '../init/seeds';
import { expectShape } from '../core/expectShape';
import { readWithScores, type AttentionRead } from './context';
import type { AttentionScorer } from './scorer';

export interface AdditiveAttentionOptions {
  /** Size of the decoder state s. */
  querySize: number;
  /** Size of each encoder state h_i. */
  keySize: number;
  /** Width of the hidden layer inside the score (the length of v). */
  attentionSize: number;
  /** Seed of the Glorot-uniform initialisation (default: a random seed). */
  seed?: number;
}

export class AdditiveAttention implements AttentionScorer {
  readonly kind = 'additive';
  readonly querySize: number;
  readonly keySize: number;
  readonly attentionSize: number;
  readonly seed: number;
  /** W `[querySize, attentionSize]` and U `[keySize, attentionSize]` (applied as s W and h U, row vectors), v `[attentionSize]`. */
  readonly weights: { W: tf.Variable; U: tf.Variable; v: tf.Variable };

  constructor(options: AdditiveAttentionOptions) {
    const { querySize, keySize, attentionSize } = options;
    for (const [name, value] of Object.entries({ querySize, keySize, attentionSize })) {
      if (!Number.isInteger(value) || value <= 0) throw new Error(`AdditiveAttention: ${name} must be a positive integer, got ${value}`);
    }
    this.querySize = querySize;
    this.keySize = keySize;
    this.attentionSize = attentionSize;
    this.seed = options.seed ?? randomSeed();
    this.weights = {
      W: seededVariable('glorotUniform', [querySize, attentionSize], this.seed, 'W'),
      U: seededVariable('glorotUniform', [keySize, attentionSize], this.seed, 'U'),
      v: seededVariable('glorotUniform', [attentionSize], this.seed, 'v'),
    };
  }

  /**
   * U h_i for every position, `[batch, time, attentionSize]`. It does not depend on the decoder
   * step, so a decoder may compute it once per source sentence and pass it to `score`.
   */
  projectKeys(keys: tf.Tensor3D): tf.Tensor3D {
    expectShape('AdditiveAttention keys', keys, ['batch', 'time', 'keySize'], [undefined, undefined, this.keySize]);
    return tf.tidy(() => {
      const [batch, time] = keys.shape;
      const flat = tf.reshape(keys, [batch * time, this.keySize]);
      return tf.reshape(tf.matMul(flat, this.weights.U), [batch, time, this.attentionSize]) as tf.Tensor3D;
    });
  }

  /**
   * query s `[batch, querySize]`, keys H `[batch, time, keySize]` → e `[batch, time]`;
   * `projectedKeys` (from `projectKeys(keys)`) skips recomputing U h_i.
   */
  score(query: tf.Tensor2D, keys: tf.Tensor3D, projectedKeys?: tf.Tensor3D): tf.Tensor2D {
    expectShape('AdditiveAttention query', query, ['batch', 'querySize'], [undefined, this.querySize]);
    expectShape('AdditiveAttention keys', keys, ['batch', 'time', 'keySize'], [query.shape[0], undefined, this.keySize]);
    const [batch, time] = keys.shape;
    if (projectedKeys !== undefined) {
      expectShape('AdditiveAttention projectedKeys', projectedKeys, ['batch', 'time', 'attentionSize'], [batch, time, this.attentionSize]);
    }
    return tf.tidy(() => {
      const Uh = projectedKeys ?? this.projectKeys(keys);
      // W s_{t-1}, broadcast over the source positions: [batch, 1, attentionSize]
      const Ws = tf.reshape(tf.matMul(query, this.weights.W), [batch, 1, this.attentionSize]);
      // tanh(W s_{t-1} + U h_i): [batch, time, attentionSize]
      const hiddenLayer = tf.tanh(tf.add(Ws, Uh));
      // e_i = vᵀ tanh(...): [batch, time]
      const flat = tf.reshape(hiddenLayer, [batch * time, this.attentionSize]);
      const e = tf.matMul(flat, tf.reshape(this.weights.v, [this.attentionSize, 1]));
      return tf.reshape(e, [batch, time]) as tf.Tensor2D;
    });
  }

  attend(query: tf.Tensor2D, keys: tf.Tensor3D, mask?: tf.Tensor2D, projectedKeys?: tf.Tensor3D): AttentionRead {
    return tf.tidy(() => readWithScores(this.score(query, keys, projectedKeys), keys, mask));
  }

  trainableVariables(): tf.Variable[] {
    return [this.weights.W, this.weights.U, this.weights.v];
  }

  dispose(): void {
    tf.dispose(this.trainableVariables());
  }
}
