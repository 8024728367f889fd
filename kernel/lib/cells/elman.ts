/**
 * Elman RNN cell (Elman 1990), the plain recurrence:
 *
 *   h_t = g(W_hh h_{t-1} + W_xh x_t + b_h),   h_0 = 0 (or a given initial state)
 *
 * with g = tanh by default, or relu (the IRNN with `recurrentInitializer: 'identity'`), or the
 * identity (a linear RNN, whose gradients are powers of W_hh). Other decks write the same cell as
 * `h_t = g(V x_t + U h_{t-1} + c)` or `a<t> = g(W_aa a<t-1> + W_ax x<t> + b_a)`.
 * The output `y_t = W_hy h_t + b_y` is a separate `Dense` layer.
 *
 * Weights (tfjs-layers `simpleRNN` layout): `kernel` = W_xhᵀ `[input, hidden]`,
 * `recurrentKernel` = W_hhᵀ `[hidden, hidden]`, `bias` = b_h `[hidden]`.
 */
import { tf } from '../tf';
import { tidyResult } from '../core/tidyResult';
import type { CellStepResult, RecurrentState } from '../core/types';
import { BaseCell, type CellOptions } from './baseCell';

export type ElmanActivation = 'tanh' | 'relu' | 'identity';

export interface ElmanCellOptions extends CellOptions {
  /** g in `h_t = g(...)`; default `tanh`. */
  activation?: ElmanActivation;
}

const activations: Record<ElmanActivation, (z: tf.Tensor2D) => tf.Tensor2D> = {
  tanh: (z) => tf.tanh(z),
  relu: (z) => tf.relu(z),
  identity: (z) => z,
};

export class ElmanCell extends BaseCell {
  readonly kind = 'rnn';
  readonly stateNames = ['h'] as const;
  readonly gateNames = ['preactivation'] as const;
  readonly activation: ElmanActivation;

  constructor(options: ElmanCellOptions) {
    super(options, 1);
    const activation = options.activation ?? 'tanh';
    if (!(activation in activations)) {
      throw new Error(`ElmanCell activation must be one of ${Object.keys(activations).join(', ')}; got '${String(activation)}'`);
    }
    this.activation = activation;
  }

  /**
   * x `[batch, input]`, state `[h_{t-1}]` → `h_t` `[batch, hidden]`.
   * Internals: `preactivation` `[batch, hidden]` (the argument of g).
   */
  step(x: tf.Tensor2D, state: RecurrentState, options: { internals?: boolean } = {}): CellStepResult {
    this.checkStep(x, state);
    const [hPrev] = state;
    const { kernel, recurrentKernel, bias } = this.weights;
    return tidyResult(() => {
      // W_xh x_t + b_h + W_hh h_{t-1}
      const preactivation = tf.add(tf.add(tf.matMul(x, kernel), bias), tf.matMul(hPrev, recurrentKernel)) as tf.Tensor2D;
      // h_t = g(preactivation)
      const h = activations[this.activation](preactivation);
      const result: CellStepResult = { output: h, state: [h] };
      if (options.internals) result.internals = { preactivation };
      return result;
    });
  }
}
