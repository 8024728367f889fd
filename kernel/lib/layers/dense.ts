/**
 * Dense (fully connected) layer, the RNN's output map `y_t = W_hy h_t + b_y`, applied to the last
 * axis of any input (`[batch, hidden]` or `[batch, time, hidden]`). With `activation: 'softmax'`
 * it gives `P(y_t | ...) = softmax(W h_t + b)`; language models keep logits and let the loss apply
 * the softmax.
 *
 * Weights (tfjs-layers `dense` layout): `kernel` = W_hyᵀ `[input, units]`, `bias` = b_y `[units]`.
 */
import { tf } from '../tf';
import { childSeed, randomSeed } from '../init/seeds';
import { resolveInitializer, type InitializerSpec } from '../init/initializers';
import type { Module } from '../core/module';
import { fusedDense } from '../fused/denseOp';

export type DenseActivation = 'linear' | 'softmax' | 'tanh' | 'relu' | 'sigmoid';

const activations: Record<DenseActivation, (z: tf.Tensor) => tf.Tensor> = {
  linear: (z) => z,
  softmax: (z) => tf.softmax(z, -1),
  tanh: (z) => tf.tanh(z),
  relu: (z) => tf.relu(z),
  sigmoid: (z) => tf.sigmoid(z),
};

/** softmax over the last axis: `exp(z_k) / Σ_j exp(z_j)`. */
export function softmax(logits: tf.Tensor): tf.Tensor {
  return tf.softmax(logits, -1);
}

export interface DenseOptions {
  inputSize: number;
  units: number;
  /** Default `linear`. */
  activation?: DenseActivation;
  /** Default true. */
  useBias?: boolean;
  seed?: number;
  /** Default `glorotUniform`. */
  kernelInitializer?: InitializerSpec;
  /** Default `zeros`. */
  biasInitializer?: InitializerSpec;
}

export class Dense implements Module {
  readonly inputSize: number;
  readonly units: number;
  readonly activation: DenseActivation;
  readonly seed: number;
  readonly weights: { kernel: tf.Variable; bias?: tf.Variable };

  constructor(options: DenseOptions) {
    const { inputSize, units } = options ?? ({} as DenseOptions);
    for (const [name, value] of [['inputSize', inputSize], ['units', units]] as const) {
      if (!Number.isInteger(value) || value <= 0) throw new Error(`Dense ${name} must be a positive integer; got ${String(value)}`);
    }
    this.inputSize = inputSize;
    this.units = units;
    this.activation = options.activation ?? 'linear';
    if (!(this.activation in activations)) throw new Error(`Dense activation must be one of ${Object.keys(activations).join(', ')}; got '${String(this.activation)}'`);
    this.seed = options.seed ?? randomSeed();
    const make = (spec: InitializerSpec, shape: number[], label: string) => {
      const value = resolveInitializer(spec)(shape, childSeed(this.seed, label));
      const variable = tf.variable(value);
      value.dispose();
      return variable;
    };
    this.weights = { kernel: make(options.kernelInitializer ?? 'glorotUniform', [inputSize, units], 'kernel') };
    if (options.useBias ?? true) this.weights.bias = make(options.biasInitializer ?? 'zeros', [units], 'bias');
  }

  /** x `[..., input]` → `[..., units]`. */
  apply(x: tf.Tensor): tf.Tensor {
    if (!(x instanceof tf.Tensor) || x.rank < 1 || x.shape[x.rank - 1] !== this.inputSize) {
      const got = x instanceof tf.Tensor ? `shape [${x.shape.join(', ')}]` : String(x);
      throw new Error(`Dense(${this.inputSize} → ${this.units}): input must be [..., ${this.inputSize}]; got ${got}`);
    }
    return tf.tidy(() => {
      const rows = tf.reshape(x, [-1, this.inputSize]) as tf.Tensor2D;
      // y = W h + b, as rows: y = h · kernel + bias
      // (fused/denseOp.ts: one op whose gradient avoids tfjs-wasm's slow transposed products; undefined where it does not apply)
      const kernel = this.weights.kernel as tf.Tensor2D;
      const bias = this.weights.bias as tf.Tensor1D | undefined;
      const y = fusedDense(rows, kernel, bias) ?? (bias ? tf.add(tf.matMul(rows, kernel), bias) : tf.matMul(rows, kernel));
      return activations[this.activation](tf.reshape(y, [...x.shape.slice(0, -1), this.units]));
    });
  }

  trainableVariables(): tf.Variable[] {
    return this.weights.bias ? [this.weights.kernel, this.weights.bias] : [this.weights.kernel];
  }
  namedVariables(): Record<string, tf.Variable> {
    return { ...this.weights } as Record<string, tf.Variable>;
  }
  layersWeights(): tf.Variable[] {
    return this.trainableVariables();
  }
  dispose(): void {
    for (const v of this.trainableVariables()) v.dispose();
  }
}
