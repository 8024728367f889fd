/**
 * Long short-term memory (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000),
 * as tfjs-layers' and Keras' `LSTM`:
 *
 *   i_t  = σ(V_i x_t + U_i h_{t-1} + b_i)        input gate ("update" Γu in one deck)
 *   f_t  = σ(V_f x_t + U_f h_{t-1} + b_f)        forget gate
 *   c~_t = tanh(V_c x_t + U_c h_{t-1} + b_c)     candidate
 *   o_t  = σ(V_o x_t + U_o h_{t-1} + b_o)        output gate
 *   c_t  = f_t ⊙ c_{t-1} + i_t ⊙ c~_t
 *   h_t  = o_t ⊙ tanh(c_t)
 *
 * The additive update of c_t is the shortcut through time that keeps gradients from vanishing.
 * The forget-gate bias starts at `forgetBias` (default 1) so that f_t ≈ σ(1) ≈ 0.73 at first.
 *
 * Weights (tfjs-layers layout, gate order i, f, c, o): `kernel` = [V_i | V_f | V_c | V_o]ᵀ
 * `[input, 4·hidden]`, `recurrentKernel` = [U_i | U_f | U_c | U_o]ᵀ `[hidden, 4·hidden]`,
 * `bias` `[4·hidden]`.
 */
import { tf } from '../tf';
import { tidyResult } from '../core/tidyResult';
import type { CellStepResult, RecurrentState } from '../core/types';
import { forgetGateBias } from '../init/initializers';
import { BaseCell, type CellOptions } from './baseCell';

export interface LSTMCellOptions extends CellOptions {
  /** Initial forget-gate bias when no `biasInitializer` is given; default 1 (tfjs-layers' `unitForgetBias`). */
  forgetBias?: number;
}

export class LSTMCell extends BaseCell {
  readonly kind = 'lstm';
  readonly stateNames = ['h', 'c'] as const;
  readonly gateNames = ['inputGate', 'forgetGate', 'candidate', 'outputGate'] as const;

  constructor(options: LSTMCellOptions) {
    const forgetBias = options?.forgetBias ?? 1;
    if (typeof forgetBias !== 'number' || !Number.isFinite(forgetBias)) {
      throw new Error(`LSTMCell forgetBias must be a finite number; got ${String(forgetBias)}`);
    }
    super(options, 4, (hidden) => forgetGateBias(hidden, forgetBias));
  }

  /**
   * x `[batch, input]`, state `[h_{t-1}, c_{t-1}]` → `h_t`, state `[h_t, c_t]`, each `[batch, hidden]`.
   * Internals, each `[batch, hidden]` except `preactivations` `[batch, 4·hidden]` (i, f, c~, o before
   * their nonlinearities): `inputGate`, `forgetGate`, `outputGate`, `candidate`, `cell`, `preactivations`.
   */
  step(x: tf.Tensor2D, state: RecurrentState, options: { internals?: boolean } = {}): CellStepResult {
    this.checkStep(x, state);
    const [hPrev, cPrev] = state;
    const { kernel, recurrentKernel, bias } = this.weights;
    return tidyResult(() => {
      // V x_t + U h_{t-1} + b for the four blocks at once (one matrix product each)
      const preactivations = tf.add(tf.add(tf.matMul(x, kernel), tf.matMul(hPrev, recurrentKernel)), bias) as tf.Tensor2D;
      const [iPre, fPre, cPre, oPre] = tf.split(preactivations, 4, 1) as tf.Tensor2D[];
      // i_t = σ(V_i x_t + U_i h_{t-1} + b_i)
      const inputGate = tf.sigmoid(iPre);
      // f_t = σ(V_f x_t + U_f h_{t-1} + b_f)
      const forgetGate = tf.sigmoid(fPre);
      // c~_t = tanh(V_c x_t + U_c h_{t-1} + b_c)
      const candidate = tf.tanh(cPre);
      // o_t = σ(V_o x_t + U_o h_{t-1} + b_o)
      const outputGate = tf.sigmoid(oPre);
      // c_t = f_t ⊙ c_{t-1} + i_t ⊙ c~_t
      const cell = tf.add(tf.mul(forgetGate, cPrev), tf.mul(inputGate, candidate)) as tf.Tensor2D;
      // h_t = o_t ⊙ tanh(c_t)
      const h = tf.mul(outputGate, tf.tanh(cell)) as tf.Tensor2D;
      const result: CellStepResult = { output: h, state: [h, cell] };
      if (options.internals) result.internals = { inputGate, forgetGate, outputGate, candidate, cell, preactivations };
      return result;
    });
  }
}
