/**
 * Multiplicative attention (Luong, Pham & Manning 2015): the score compares the decoder state with
 * each encoder state by an inner product instead of a feed-forward network,
 *   dot:      e_i = sᵀ h_i               (needs querySize = keySize; no parameters)
 *   general:  e_i = sᵀ W h_i             (W `[querySize, keySize]` learned)
 * optionally divided by sqrt(keySize) (`scaled`, as Transformers later did) so that the softmax
 * does not saturate when the vectors are long. Then α_i = softmax_i(e_i), c = Σ_i α_i h_i.
 */
import { tf } from '../tf';
import { seededVariable } from '../init/seededVariable';
import { randomSeed } from '../init/seeds';
import { expectShape } from '../core/expectShape';
import { readWithScores, type AttentionRead } from './context';
import type { AttentionScorer } from './scorer';

export interface MultiplicativeAttentionOptions {
  /** `'dot'` (sᵀh) or `'general'` (sᵀWh). */
  variant: 'dot' | 'general';
  querySize: number;
  keySize: number;
  /** Divide the scores by sqrt(keySize) (default false). */
  scaled?: boolean;
  /** Seed of the Glorot-uniform initialisation of W (default: a random seed). */
  seed?: number;
}

export class MultiplicativeAttention implements AttentionScorer {
  readonly kind: 'dot' | 'general';
  readonly querySize: number;
  readonly keySize: number;
  readonly scaled: boolean;
  readonly seed: number;
  /** `{ W }` `[querySize, keySize]` for `general`; empty for `dot`. */
  readonly weights: Record<string, tf.Variable>;

  constructor(options: MultiplicativeAttentionOptions) {
    const { variant, querySize, keySize, scaled = false } = options;
    if (variant !== 'dot' && variant !== 'general') {
      throw new Error(`MultiplicativeAttention: variant must be 'dot' or 'general', got '${String(variant)}'`);
    }
    for (const [name, value] of Object.entries({ querySize, keySize })) {
      if (!Number.isInteger(value) || value <= 0) throw new Error(`MultiplicativeAttention: ${name} must be a positive integer, got ${value}`);
    }
    if (variant === 'dot' && querySize !== keySize) {
      throw new Error(`MultiplicativeAttention: the dot score sᵀh needs querySize = keySize, got ${querySize} and ${keySize}; use variant 'general'`);
    }
    this.kind = variant;
    this.querySize = querySize;
    this.keySize = keySize;
    this.scaled = scaled;
    this.seed = options.seed ?? randomSeed();
    this.weights = variant === 'general' ? { W: seededVariable('glorotUniform', [querySize, keySize], this.seed, 'W') } : {};
  }

  /** query s `[batch, querySize]`, keys H `[batch, time, keySize]` → e `[batch, time]`. */
  score(query: tf.Tensor2D, keys: tf.Tensor3D): tf.Tensor2D {
    expectShape(`${this.kind} attention query`, query, ['batch', 'querySize'], [undefined, this.querySize]);
    expectShape(`${this.kind} attention keys`, keys, ['batch', 'time', 'keySize'], [query.shape[0], undefined, this.keySize]);
    return tf.tidy(() => {
      const [batch, time] = keys.shape;
      // general: sᵀ W h_i = (sᵀ W) h_i, so project the one query rather than every key.
      const projectedQuery = this.kind === 'general' ? tf.matMul(query, this.weights.W) : query;
      // [batch, time, keySize] · [batch, keySize, 1] → [batch, time, 1]
      const e = tf.reshape(tf.matMul(keys, tf.reshape(projectedQuery, [batch, this.keySize, 1])), [batch, time]);
      return (this.scaled ? tf.div(e, Math.sqrt(this.keySize)) : e) as tf.Tensor2D;
    });
  }

  attend(query: tf.Tensor2D, keys: tf.Tensor3D, mask?: tf.Tensor2D): AttentionRead {
    return tf.tidy(() => readWithScores(this.score(query, keys), keys, mask));
  }

  trainableVariables(): tf.Variable[] {
    return Object.values(this.weights);
  }

  dispose(): void {
    tf.dispose(this.trainableVariables());
  }
}
