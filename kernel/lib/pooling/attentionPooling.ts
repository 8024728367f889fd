/**
 * Attention pooling: a learned weighted average of all the states, so the classifier can look at
 * the words that matter wherever they are,
 *   α_i = exp(w_αᵀ h_i) / Σ_j exp(w_αᵀ h_j),    y = Σ_i α_i h_i
 * (the classifier then computes f(y)). α is returned for the heatmap over the input tokens.
 */
import { tf } from '../tf';
import { seededVariable } from '../init/seededVariable';
import { randomSeed } from '../init/seeds';
import { expectShape } from '../core/expectShape';
import { contextVector, maskedSoftmax } from '../attention/context';

export interface AttentionPoolingOptions {
  hiddenSize: number;
  /** Seed of the Glorot-uniform initialisation of w_α (default: a random seed). */
  seed?: number;
}

export interface PooledWithWeights {
  /** y = Σ_i α_i h_i, `[batch, hidden]`. */
  pooled: tf.Tensor2D;
  /** α, `[batch, time]` (zero on padding). */
  weights: tf.Tensor2D;
}

export class AttentionPooling {
  readonly hiddenSize: number;
  readonly seed: number;
  /** w_α `[hidden]`. */
  readonly weights: { w: tf.Variable };

  constructor(options: AttentionPoolingOptions) {
    const { hiddenSize } = options;
    if (!Number.isInteger(hiddenSize) || hiddenSize <= 0) {
      throw new Error(`AttentionPooling: hiddenSize must be a positive integer, got ${hiddenSize}`);
    }
    this.hiddenSize = hiddenSize;
    this.seed = options.seed ?? randomSeed();
    this.weights = { w: seededVariable('glorotUniform', [hiddenSize], this.seed, 'w') };
  }

  /** states H `[batch, time, hidden]`, mask `[batch, time]` → y `[batch, hidden]` and α `[batch, time]`. */
  forward(states: tf.Tensor3D, mask?: tf.Tensor2D): PooledWithWeights {
    expectShape('AttentionPooling states', states, ['batch', 'time', 'hidden'], [undefined, undefined, this.hiddenSize]);
    return tf.tidy(() => {
      const [batch, time, hidden] = states.shape;
      // e_i = w_αᵀ h_i: [batch, time]
      const scores = tf.reshape(tf.matMul(tf.reshape(states, [batch * time, hidden]), tf.reshape(this.weights.w, [hidden, 1])), [batch, time]) as tf.Tensor2D;
      const weights = maskedSoftmax(scores, mask);
      return { pooled: contextVector(weights, states), weights };
    });
  }

  trainableVariables(): tf.Variable[] {
    return [this.weights.w];
  }

  dispose(): void {
    tf.dispose(this.trainableVariables());
  }
}
