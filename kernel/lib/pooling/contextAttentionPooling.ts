/**
 * One level of the hierarchical attention network (Yang et al. 2016): each state is passed through
 * a one-layer MLP and compared with a learned context vector u_w ("which words are informative?"),
 *   u_t = tanh(W_w h_t + b_w),   α_t = softmax_t(u_tᵀ u_w),   s = Σ_t α_t h_t
 */
import { tf } from '../tf';
import { seededVariable } from '../init/seededVariable';
import { randomSeed } from '../init/seeds';
import { expectShape } from '../core/expectShape';
import { contextVector, maskedSoftmax } from '../attention/context';
import type { PooledWithWeights } from './attentionPooling';

export interface ContextAttentionPoolingOptions {
  hiddenSize: number;
  /** Length of u_t and u_w (default hiddenSize). */
  attentionSize?: number;
  /** Seed of the Glorot-uniform initialisation (default: a random seed). */
  seed?: number;
}

export class ContextAttentionPooling {
  readonly hiddenSize: number;
  readonly attentionSize: number;
  readonly seed: number;
  /** W_w `[hidden, attentionSize]` (applied as h W_w), b_w `[attentionSize]`, u_w `[attentionSize]`. */
  readonly weights: { W: tf.Variable; b: tf.Variable; u: tf.Variable };

  constructor(options: ContextAttentionPoolingOptions) {
    const { hiddenSize, attentionSize = hiddenSize } = options;
    for (const [name, value] of Object.entries({ hiddenSize, attentionSize })) {
      if (!Number.isInteger(value) || value <= 0) throw new Error(`ContextAttentionPooling: ${name} must be a positive integer, got ${value}`);
    }
    this.hiddenSize = hiddenSize;
    this.attentionSize = attentionSize;
    this.seed = options.seed ?? randomSeed();
    this.weights = {
      W: seededVariable('glorotUniform', [hiddenSize, attentionSize], this.seed, 'W'),
      b: seededVariable('zeros', [attentionSize], this.seed, 'b'),
      u: seededVariable('glorotUniform', [attentionSize], this.seed, 'u'),
    };
  }

  /** states `[batch, time, hidden]`, mask `[batch, time]` → s `[batch, hidden]` and α `[batch, time]`. */
  forward(states: tf.Tensor3D, mask?: tf.Tensor2D): PooledWithWeights {
    expectShape('ContextAttentionPooling states', states, ['batch', 'time', 'hidden'], [undefined, undefined, this.hiddenSize]);
    return tf.tidy(() => {
      const [batch, time, hidden] = states.shape;
      // u_t = tanh(W_w h_t + b_w): [batch·time, attentionSize]
      const u = tf.tanh(tf.add(tf.matMul(tf.reshape(states, [batch * time, hidden]), this.weights.W), this.weights.b));
      // u_tᵀ u_w: [batch, time]
      const scores = tf.reshape(tf.matMul(u, tf.reshape(this.weights.u, [this.attentionSize, 1])), [batch, time]) as tf.Tensor2D;
      const weights = maskedSoftmax(scores, mask);
      return { pooled: contextVector(weights, states), weights };
    });
  }

  trainableVariables(): tf.Variable[] {
    return [this.weights.W, this.weights.b, this.weights.u];
  }

  dispose(): void {
    tf.dispose(this.trainableVariables());
  }
}
